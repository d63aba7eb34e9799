"""The command line (luoshi.cli): output of every kind and format, bad files, usage errors.

Tests assert the output's structure, not extracted numbers: the extraction
modules fill in over time. Where content is needed, `with_content` makes the
engine return the hand-built report of test_export.
"""

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from luoshi import __version__, cli, export
from luoshi.engine import analyse_file
from test_export import SAMPLE_TEXT, make_report

SRC = Path(__file__).resolve().parents[1] / "src"
WHATS = ["statements", "targets", "tasks", "outline", "all"]
FORMATS = ["jsonl", "json", "csv", "md"]
REPORT_KEYS = {"doc", "metadata", "outline", "statements", "main_targets", "tasks"}
KEYS = {
    "statements": {"doc", "start", "end", "num", "indicator", "measure", "value", "value_high", "unit", "cmp",
                   "role", "hedge"},
    "targets": {"doc", "indicator", "text", "start", "end"},
    "tasks": {"doc", "area", "title", "start", "end"},
    "outline": {"doc", "depth", "kind", "label", "heading", "part_kind", "start", "end"},
    "all": REPORT_KEYS,
}


@pytest.fixture
def report_file(tmp_path) -> Path:
    path = tmp_path / "shizhong-2023.txt"
    path.write_text(SAMPLE_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def second_file(tmp_path) -> Path:
    path = tmp_path / "other-2024.txt"
    path.write_text(SAMPLE_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def with_content(monkeypatch):
    """The real loader (and its errors), then the hand-built findings under the file's own doc id."""

    def analyse(path):
        loaded = analyse_file(path)
        return replace(make_report(loaded.doc), source=loaded.source)

    monkeypatch.setattr(cli, "analyse_file", analyse)


def run(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def parse(text: str, fmt: str) -> list[dict]:
    """The items of an output, whatever its format (md: its level-1 headings)."""
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "json":
        return json.loads(text)
    if fmt == "csv":
        assert text.startswith("\ufeff")
        return list(csv.DictReader(io.StringIO(text[1:])))
    return [{"heading": line} for line in text.splitlines() if line.startswith("# ")]


# ---------------------------------------------------------------- good paths


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", WHATS)
def test_it_writes_every_kind_in_every_format(capsys, report_file, with_content, what, fmt):
    status, out, err = run(capsys, "extract", report_file, "--what", what, "--format", fmt)
    assert (status, err) == (0, "")
    items = parse(out, fmt)
    assert items
    if fmt in ("jsonl", "json"):
        assert all(set(item) >= KEYS[what] for item in items)
        assert all(item["doc"] == "shizhong-2023" for item in items)
    elif fmt == "csv":
        assert out[1:].splitlines()[0].split(",") == list(export.CSV_FIELDS[what])
        assert all(item["doc"] == "shizhong-2023" and item[export.CSV_FIELDS[what][1]] for item in items)
    else:
        assert items == [{"heading": "# 2023年政府工作报告"}]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", WHATS)
def test_it_writes_parseable_output_with_the_engine_as_it_is(capsys, report_file, what, fmt):
    status, out, err = run(capsys, "extract", report_file, "--what", what, "--format", fmt)
    assert (status, err) == (0, "")
    items = parse(out, fmt)
    if fmt == "md":
        assert len(items) == 1
    else:
        keys = KEYS["statements" if (what, fmt) == ("all", "csv") else what]  # a csv of all is its statements
        assert all(set(item) >= keys for item in items)


def test_it_writes_a_whole_report_as_markdown_by_default(capsys, report_file):
    status, out, _ = run(capsys, "extract", report_file)
    assert status == 0 and out.startswith("# ") and "\n## " in out


def test_it_writes_statements_the_official_scorer_can_read(capsys, report_file, with_content):
    _, out, _ = run(capsys, "extract", report_file, "--what", "statements", "--format", "jsonl")
    for item in parse(out, "jsonl"):
        assert item["num"] in SAMPLE_TEXT[item["start"]:item["end"]]
        assert item["measure"] in ("level", "change") and item["role"] in ("result", "target")


@pytest.mark.parametrize("fmt, count", [("jsonl", 10), ("json", 10), ("csv", 10), ("md", 2)])
def test_it_puts_several_files_into_one_output(capsys, report_file, second_file, with_content, fmt, count):
    status, out, _ = run(capsys, "extract", report_file, second_file, "--what", "statements", "--format", fmt)
    items = parse(out, fmt)
    assert status == 0 and len(items) == count
    if fmt != "md":
        assert {item["doc"] for item in items} == {"shizhong-2023", "other-2024"}
    assert out.count("\ufeff") == (1 if fmt == "csv" else 0)


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_it_writes_one_object_a_report_for_all(capsys, report_file, second_file, with_content, fmt):
    _, out, _ = run(capsys, "extract", report_file, second_file, "--format", fmt)
    reports = parse(out, fmt)
    assert [r["doc"] for r in reports] == ["shizhong-2023", "other-2024"]
    assert all(set(r) >= REPORT_KEYS for r in reports)


def test_it_writes_to_a_file_in_new_folders(capsys, tmp_path, report_file, with_content):
    out_path = tmp_path / "new" / "folder" / "statements.csv"
    status, out, err = run(capsys, "extract", report_file, "--what", "statements", "--format", "csv", "--out", out_path)
    assert (status, out, err) == (0, "", "")
    assert len(parse(out_path.read_text(encoding="utf-8"), "csv")) == 5


def test_it_shows_no_progress_bar_when_stderr_is_not_a_terminal(capsys, report_file, second_file):
    status, _, err = run(capsys, "extract", report_file, second_file, "--format", "jsonl")
    assert (status, err) == (0, "")


def test_it_shows_a_progress_bar_for_several_files_on_a_terminal(capsys, monkeypatch, report_file, second_file):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, out, err = run(capsys, "extract", report_file, second_file, "--format", "jsonl")
    assert status == 0 and "2/2" in err and len(parse(out, "jsonl")) == 2


def test_it_prints_its_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert (status, out.strip()) == (0, f"luoshi {__version__}")


# ---------------------------------------------------------------- bad paths


def test_it_goes_on_past_a_missing_file(capsys, tmp_path, report_file, with_content):
    missing = tmp_path / "missing-2023.txt"
    status, out, err = run(capsys, "extract", missing, report_file, "--what", "statements", "--format", "jsonl")
    assert status == 1
    assert err.splitlines() == [err.strip()] and err.startswith(f"luoshi: {missing}: ")
    assert "Traceback" not in err
    assert {item["doc"] for item in parse(out, "jsonl")} == {"shizhong-2023"}


def test_it_reports_a_file_of_an_unsupported_kind_in_one_line(capsys, tmp_path, report_file):
    sheet = tmp_path / "budget-2023.xlsx"
    sheet.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\xff\xfe\x00\x81binary")
    status, out, err = run(capsys, "extract", sheet, report_file, "--format", "jsonl")
    assert status == 1 and err.startswith(f"luoshi: {sheet}: ") and len(err.splitlines()) == 1
    assert "Traceback" not in err and len(parse(out, "jsonl")) == 1


@pytest.fixture
def broken_engine(monkeypatch):
    def analyse(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "analyse_file", analyse)


def test_it_reports_an_internal_error_in_one_line(capsys, report_file, broken_engine):
    status, out, err = run(capsys, "extract", report_file, "--format", "json")
    assert status == 1 and json.loads(out) == []
    assert err == f"luoshi: {report_file}: internal error: RuntimeError: boom\n"


def test_it_shows_the_traceback_of_an_internal_error_with_debug(capsys, report_file, broken_engine):
    for argv in (["--debug", "extract", report_file], ["extract", report_file, "--debug"]):
        status, _, err = run(capsys, *argv)
        assert status == 1 and "Traceback" in err and err.rstrip().endswith("RuntimeError: boom")


def test_it_writes_the_csv_header_even_when_every_file_fails(capsys, tmp_path):
    status, out, _ = run(capsys, "extract", tmp_path / "none.txt", "--what", "tasks", "--format", "csv")
    assert status == 1 and out == "\ufeff" + ",".join(export.CSV_FIELDS["tasks"]) + "\n"


@pytest.mark.parametrize(
    "argv",
    [[], ["extract"], ["extract", "x.txt", "--format", "xml"], ["extract", "x.txt", "--what", "numbers"],
     ["frobnicate"], ["extract", "x.txt", "--out"]],
    ids=["nothing", "no-file", "bad-format", "bad-what", "bad-command", "out-without-path"],
)
def test_it_exits_2_on_a_usage_error(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and "usage: luoshi" in err


# ---------------------------------------------------------------- the real program


def test_it_runs_as_python_dash_m_luoshi(tmp_path, report_file):
    missing = tmp_path / "missing.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "luoshi", "extract", str(missing), str(report_file), "--format", "jsonl"],
        capture_output=True, env=env, timeout=120,
    )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1 and stderr.startswith(f"luoshi: {missing}: ") and "Traceback" not in stderr
    assert [json.loads(line)["doc"] for line in done.stdout.decode("utf-8").splitlines()] == ["shizhong-2023"]
