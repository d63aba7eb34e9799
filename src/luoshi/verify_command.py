"""`luoshi verify PLAN_REPORT RESULT_REPORT`: each target of a report against the next year's review.

The table goes to stdout as Markdown (`--format md`, the default), or to
`--out` as .xlsx or JSON (one object per target). A report that cannot be
read costs one line on stderr (`luoshi: PATH: reason`) and exit status 1;
nothing is written then.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("md", "xlsx", "json")


def add_parser(commands) -> None:
    from .engine.verdicts import default_tolerance

    tol = default_tolerance()
    verify = commands.add_parser(
        "verify", help="check each target of a report against the next year's report (year-end verification)",
        description="For each target of PLAN_REPORT (its main targets and the quantified targets of its tasks), "
        "find the result RESULT_REPORT (the next year's report) gives in its review, and say whether it was met "
        "(met, partly, not_met, not_reported), quoting both. How approximate targets (左右), ranges, ceilings "
        "(以内) and hedges (力争) are judged: luoshi/engine/verification.py and verdicts.py; the tolerances "
        "below override luoshi/engine/data/verification.toml.",
    )
    verify.add_argument("plan", metavar="PLAN_REPORT", help="the report that set the targets (txt, docx, pdf, html)")
    verify.add_argument("result", metavar="RESULT_REPORT", help="the next year's report, which reviews that year")
    verify.add_argument("--format", choices=FORMATS,
                        help="md (a table, the default), xlsx (needs --out) or json; default: the extension of --out")
    verify.add_argument("--out", type=Path, metavar="FILE", help="write here instead of to stdout")
    verify.add_argument("--year", type=int, metavar="YEAR",
                        help="the plan year (default: read from the reports)")
    verify.add_argument("--tolerance-points", type=_non_negative, metavar="P",
                        help="percentage points an approximate or soft target in %% may be missed by and still be met "
                        f"(default from the data file: {tol.points:g})")
    verify.add_argument("--tolerance-share", type=_share, metavar="S",
                        help=f"the same for other units, as a share of the target (default: {tol.share:g}, "
                        f"i.e. {tol.share * 100:g}%%)")
    verify.add_argument("--partly", type=_non_negative, metavar="N",
                        help="a result short of the met bound by at most N tolerances more is `partly` "
                        f"(default: {tol.partly:g})")
    verify.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    verify.set_defaults(run=run)


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"not a number ≥ 0: {text!r}")
    return value


def _share(text: str) -> float:
    value = _non_negative(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"a share is below 1 (0.05 for 5%): {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    from .cli import analyse_safely, open_output, print_error
    from .engine.verification import verify, with_tolerance
    from .verification_export import to_json_text, to_markdown, to_xlsx

    fmt = args.format or _format_of(args.out)
    if fmt == "xlsx" and args.out is None:
        print("luoshi verify: an .xlsx table needs a file: add --out FILE.xlsx", file=sys.stderr)
        return 2
    reports = [analyse_safely(path, print_error, args.debug) for path in (args.plan, args.result)]
    if None in reports:
        return 1
    tolerance = with_tolerance(points=args.tolerance_points, share=args.tolerance_share, partly=args.partly)
    check = verify(reports[0], reports[1], tolerance, year=args.year)
    for note in check.notes:
        print(f"luoshi verify: {note}", file=sys.stderr)
    if fmt == "xlsx":
        data = to_xlsx(check, tolerance)
    elif fmt == "json":
        data = to_json_text(check).encode("utf-8")
    else:
        data = to_markdown(check, tolerance).encode("utf-8")
    try:
        with open_output(args.out) as stream:
            stream.write(data)
    except BrokenPipeError:
        raise
    except OSError as e:
        print(f"luoshi: {args.out}: cannot write ({e.strerror or e})", file=sys.stderr)
        return 1
    if args.out is not None:
        print(f"luoshi: wrote {args.out} ({len(check.items)} targets)", file=sys.stderr)
    return 0


def _format_of(out: Path | None) -> str:
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    return {"xlsx": "xlsx", "json": "json"}.get(suffix, "md")
