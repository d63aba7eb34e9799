"""`luoshi corpus DIR --out FILE`: a folder of real reports (txt, docx, html, pdf; nested) and bad files → one
table (.csv, .parquet, .xlsx) with an error file; resume after an interruption; processes give the same table."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import multiprocessing
import os
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import docx
import pytest

from luoshi import cli, corpus, table_writers
from luoshi.engine import analyse_file

DATA = Path(__file__).resolve().parent / "data"
OUTLINE = DATA / "outline"
BAD = DATA / "web"
GOOD = ["national-2017.txt", "区县/seed-2023-shizhong.docx", "省/河南/henan-2022.txt", "市/hangzhou-2019.html",
        "市/national-2018-excerpt.pdf"]
# The bad files and a word of the reason each is given.
BAD_FILES = {
    "省/junk.txt": "cannot be read",
    "省/empty.txt": "empty",
    "市/scanned.pdf": "scanned PDF",
    "区县/corrupt.docx": "not a valid Word .docx",
    "区县/old.doc": "save it as .docx",
}
EXCERPT_2018 = [  # the main targets of the 2018 national report, as a one-page PDF with a text layer
    "2018年政府工作报告",
    "二、2018年经济社会发展总体要求和政策取向",
    "今年发展的主要预期目标是：国内生产总值增长6.5%左右；",
    "居民消费价格涨幅3%左右；城镇新增就业1100万人以上，",
    "城镇调查失业率5.5%以内，城镇登记失业率4.5%以内；",
    "居民收入增长和经济增长基本同步；进出口稳中向好，",
    "国际收支基本平衡；单位国内生产总值能耗下降3%以上，",
    "主要污染物排放量继续下降；供给侧结构性改革取得实质性进展，",
    "宏观杠杆率保持基本稳定，各类风险有序有效防控。",
]


def build_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_html(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return (f'<html><head><meta charset="utf-8"><title>2019年杭州市政府工作报告</title></head><body>'
            f'<div class="article">{paragraphs}</div></body></html>')


def build_pdf(lines: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        page.drawString(40, 800 - 20 * i, line)
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The reports' folder; tests that change it copy it first (`reports`)."""
    root = tmp_path_factory.mktemp("corpus") / "reports"
    for folder in ("区县", "省/河南", "市", ".git"):
        (root / folder).mkdir(parents=True)
    shutil.copy(OUTLINE / "national-2017.txt", root / "national-2017.txt")
    shutil.copy(OUTLINE / "henan-2022.txt", root / "省/河南/henan-2022.txt")
    seed = (OUTLINE / "seed-2023-shizhong.txt").read_text(encoding="utf-8")
    (root / "区县/seed-2023-shizhong.docx").write_bytes(build_docx(seed))
    hangzhou = (OUTLINE / "hangzhou-2019.txt").read_text(encoding="utf-8").split("---", 2)[2]
    (root / "市/hangzhou-2019.html").write_text(build_html(hangzhou), encoding="utf-8")
    (root / "市/national-2018-excerpt.pdf").write_bytes(build_pdf(EXCERPT_2018))
    shutil.copy(BAD / "junk.txt", root / "省/junk.txt")
    (root / "省/empty.txt").write_bytes(b"")
    shutil.copy(BAD / "scanned.pdf", root / "市/scanned.pdf")
    shutil.copy(BAD / "corrupt.docx", root / "区县/corrupt.docx")
    shutil.copy(BAD / "old.doc", root / "区县/old.doc")
    (root / "说明.csv").write_text("not a report\n", encoding="utf-8")  # other types are ignored
    (root / ".git/HEAD.txt").write_text("地区生产总值增长6%", encoding="utf-8")  # hidden folders too
    (root / "区县/~$seed-2023-shizhong.docx").write_bytes(b"\x00")  # Word's lock file
    return root


@pytest.fixture
def reports(source, tmp_path) -> Path:
    root = tmp_path / "reports"
    shutil.copytree(source, root)
    return root


@pytest.fixture(scope="module")
def engine(source) -> dict:
    """What the engine finds in each good file, analysed directly."""
    return {rel: analyse_file(source / rel) for rel in GOOD}


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """The files the engine is asked to read, in this process (run with --workers 1)."""
    seen = []

    def counting(path):
        seen.append(Path(path).name)
        return analyse_file(path)

    monkeypatch.setattr(cli, "analyse_file", counting)
    return seen


def run(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main(["corpus", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    return status, out, err


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_any(path: Path) -> list[dict]:
    """The table's rows as dicts of text ("" for missing, true/false), whatever the format."""
    if path.suffix == ".csv":
        return read_csv(path)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        records = pq.read_table(path).to_pylist()
    else:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        records = []
        for sheet in book.worksheets:
            header, *rows = sheet.iter_rows(values_only=True)
            records += [dict(zip(header, row, strict=True)) for row in rows]
    return [{k: _text(v) for k, v in r.items()} for r in records]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def expected_count(report) -> int:
    return len(report.statements) + sum(1 for t in report.main_targets if t.statement is None)


# ---------------------------------------------------------------- the table


def test_it_writes_a_row_for_each_statement_of_every_readable_file(reports, tmp_path, engine, capsys):
    out = tmp_path / "out" / "指标.csv"
    status, stdout, err = run(capsys, reports, "--out", out, "--workers", 1)
    assert status == 0
    summary = err.strip().splitlines()[-1]
    rows = read_csv(out)
    assert summary == (f"luoshi corpus: 5 of 10 files read (1 other file ignored), {len(rows):,} rows → 指标.csv; "
                       "5 could not be read, listed in 指标.errors.csv")
    assert list(rows[0]) == [name for name, _ in corpus.COLUMNS]
    assert Counter(r["path"] for r in rows) == {rel: expected_count(engine[rel]) for rel in GOOD}
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
    assert all(engine[rel].statements for rel in GOOD)


# Rows read by hand from the reports: (path, indicator as written, the row's fields).
REAL_ROWS = [
    ("national-2017.txt", "国内生产总值", dict(indicator="gdp", indicator_name="地区生产总值", measure="change",
     value="6.5", cmp="approx", unit="%", role="target", is_main_target="true", region="全国", level="national",
     report_year="2016", plan_year="2017", doc="national-2017")),
    ("national-2017.txt", "城镇新增就业", dict(indicator="new_urban_jobs", value="11000000.0", unit="人", cmp="ge",
     is_main_target="true")),
    ("national-2017.txt", "城镇登记失业率", dict(value="4.5", unit="%", cmp="le", is_main_target="true")),
    ("national-2017.txt", "居民收入和经济增长基本同步", dict(value="", measure="", role="target", is_main_target="true")),
    ("区县/seed-2023-shizhong.docx", "地区生产总值", dict(indicator="gdp", value="6.0", cmp="eq", is_main_target="true",
     region="济南市市中区", level="district", plan_year="2023", doc="seed-2023-shizhong")),
    ("区县/seed-2023-shizhong.docx", "一般公共预算收入", dict(indicator="fiscal_revenue", value="12.0", cmp="ge",
     is_main_target="true")),
    ("市/hangzhou-2019.html", "地区生产总值", dict(indicator="gdp", value="7.0", cmp="approx", is_main_target="true",
     region="杭州市", level="city", plan_year="2019")),
    ("市/national-2018-excerpt.pdf", "国内生产总值", dict(indicator="gdp", value="6.5", cmp="approx",
     is_main_target="true")),
    ("省/河南/henan-2022.txt", "固定资产投资", dict(indicator="fixed_asset_investment", value="10.0", cmp="eq",
     is_main_target="true", plan_year="2022", doc="henan-2022")),
]


@pytest.fixture(scope="module")
def table(source, tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("table") / "t.csv"
    assert cli.main(["corpus", str(source), "--out", str(out), "--workers", "1"]) == 0
    return read_csv(out)


@pytest.mark.parametrize(("path", "written", "fields"), REAL_ROWS, ids=[f"{p}:{w}" for p, w, _ in REAL_ROWS])
def test_it_gives_the_real_values(table, path, written, fields):
    found = [r for r in table if r["path"] == path and r["indicator_text"] == written and r["is_main_target"] == "true"]
    assert len(found) == 1
    assert {k: found[0][k] for k in fields} == fields


def test_each_row_keeps_its_place_in_the_text_as_read(table, engine):
    for row in table:
        text = engine[row["path"]].text
        span = text[int(row["start"]):int(row["end"])]
        assert span and span in row["quote"], row


def test_the_error_file_names_each_bad_file_and_why(reports, tmp_path, capsys):
    out = tmp_path / "t.parquet"
    status, _, err = run(capsys, reports, "--out", out, "--workers", 1)
    assert status == 0
    errors = read_csv(tmp_path / "t.errors.csv")
    assert [e["path"] for e in errors] == sorted(BAD_FILES)
    for e in errors:
        assert BAD_FILES[e["path"]] in e["reason"]
        assert e["path"] not in e["reason"] and "Traceback" not in e["reason"]
        assert f"luoshi: {e['path']}: {e['reason']}" in err  # and one line on stderr each


def test_with_no_bad_file_the_error_file_has_its_header_only(source, tmp_path, capsys):
    root = tmp_path / "good"
    root.mkdir()
    shutil.copy(source / "national-2017.txt", root)
    status, _, err = run(capsys, root, "--out", tmp_path / "t.csv")
    assert status == 0 and "could not be read" not in err
    assert (tmp_path / "t.errors.csv").read_text(encoding="utf-8-sig") == "path,reason\n"


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_parquet_and_xlsx_hold_the_same_rows_as_csv(table, source, tmp_path, fmt, capsys):
    out = tmp_path / f"t.{fmt}"
    assert run(capsys, source, "--out", out, "--workers", 1)[0] == 0
    rows = read_any(out)
    assert len(rows) == len(table)
    for got, want in zip(rows, table, strict=True):
        for key in want:
            if key in ("value", "value_high") and want[key]:
                assert float(got[key]) == float(want[key])
            else:
                assert got[key] == want[key], key


def test_parquet_columns_are_typed(source, tmp_path, capsys):
    import pyarrow.parquet as pq

    out = tmp_path / "t.parquet"
    assert run(capsys, source, "--out", out, "--workers", 1)[0] == 0
    schema = pq.read_schema(out)
    assert [str(schema.field(n).type) for n in ("doc", "report_year", "value", "is_main_target", "start")] == [
        "string", "int64", "double", "bool", "int64"]


@pytest.mark.parametrize(("option", "column", "value"), [
    ("--main-targets", "is_main_target", "true"), ("--targets", "role", "target"), ("--results", "role", "result"),
])
def test_options_keep_only_their_rows(table, source, tmp_path, option, column, value, capsys):
    out = tmp_path / "t.csv"
    assert run(capsys, source, "--out", out, option, "--workers", 1)[0] == 0
    rows = read_csv(out)
    assert rows == [r for r in table if r[column] == value]
    assert 0 < len(rows) < len(table)


def test_main_targets_are_those_the_engine_finds(source, engine, tmp_path, capsys):
    out = tmp_path / "t.csv"
    assert run(capsys, source, "--out", out, "--main-targets", "--workers", 1)[0] == 0
    counts = Counter(r["path"] for r in read_csv(out))
    assert counts == {rel: len(report.main_targets) for rel, report in engine.items() if report.main_targets}


def test_xlsx_continues_on_another_sheet_past_the_row_limit(source, tmp_path, monkeypatch, table, capsys):
    monkeypatch.setattr(table_writers, "XLSX_MAX_ROWS", 100)
    out = tmp_path / "t.xlsx"
    assert run(capsys, source, "--out", out, "--workers", 1)[0] == 0
    from openpyxl import load_workbook

    sheets = load_workbook(out, read_only=True).worksheets
    assert [s.title for s in sheets[:2]] == ["corpus", "corpus (2)"]
    assert len(sheets) == -(-len(table) // 99)  # 99 rows and the header a sheet
    assert len(read_any(out)) == len(table)


# ---------------------------------------------------------------- resume


def test_a_second_run_reads_no_file_again_and_writes_the_same_table(reports, tmp_path, calls, capsys):
    out = tmp_path / "t.csv"
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    assert len(calls) == 10
    first = out.read_bytes()
    calls.clear()
    status, _, err = run(capsys, reports, "--out", out, "--workers", 1)
    assert status == 0
    assert sorted(calls) == sorted(Path(p).name for p in BAD_FILES)  # only the bad files are tried again
    assert out.read_bytes() == first
    assert "5 of them done earlier, from t.journal.jsonl" in err


def test_a_changed_file_is_read_again_and_a_deleted_one_leaves_the_table(reports, tmp_path, calls, capsys):
    out = tmp_path / "t.csv"
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    national = reports / "national-2017.txt"
    national.write_text(national.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (reports / "省/河南/henan-2022.txt").unlink()
    for bad in BAD_FILES:
        (reports / bad).unlink()
    calls.clear()
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    assert calls == ["national-2017.txt"]
    paths = {r["path"] for r in read_csv(out)}
    assert paths == set(GOOD) - {"省/河南/henan-2022.txt"}


def test_an_interrupted_run_keeps_the_finished_files_and_completes_the_rest(reports, tmp_path, monkeypatch,
                                                                          table, capsys):
    seen = []

    def interrupted(path):
        seen.append(path)
        if len(seen) == 4:
            raise KeyboardInterrupt
        return analyse_file(path)

    monkeypatch.setattr(cli, "analyse_file", interrupted)
    out = tmp_path / "t.csv"
    status, _, err = run(capsys, reports, "--out", out, "--workers", 1)
    assert status == 130
    assert not out.exists()
    journal = (tmp_path / "t.journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(journal) == 1 + 3  # its header, and the three files finished
    done_before = sum(1 for line in journal[1:] if '"error"' not in line)  # the bad ones are tried again
    assert 0 < done_before < 3
    assert f"interrupted; {done_before} of 10 files done" in err and "run the same command again" in err
    seen.clear()
    monkeypatch.setattr(cli, "analyse_file", lambda path: seen.append(path) or analyse_file(path))
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    assert len(seen) == 10 - done_before
    assert read_csv(out) == table


def test_a_journal_line_cut_off_by_a_kill_is_dropped(reports, tmp_path, calls, table, capsys):
    out = tmp_path / "t.csv"
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    journal = tmp_path / "t.journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if b"national-2017" in line)
    journal.write_bytes(b"".join(lines[:cut]) + lines[cut][: len(lines[cut]) // 2])  # killed while writing
    out.unlink()
    calls.clear()
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    assert "national-2017.txt" in calls
    assert read_csv(out) == table
    assert all(line.endswith(b"}\n") for line in journal.read_bytes().splitlines(keepends=True))


def test_restart_reads_every_file_again(reports, tmp_path, calls, capsys):
    out = tmp_path / "t.csv"
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    calls.clear()
    assert run(capsys, reports, "--out", out, "--workers", 1, "--restart")[0] == 0
    assert len(calls) == 10


def test_a_journal_of_another_folder_is_not_mixed_in(reports, source, tmp_path, capsys):
    out = tmp_path / "t.csv"
    assert run(capsys, reports, "--out", out, "--workers", 1)[0] == 0
    status, _, err = run(capsys, source, "--out", out, "--workers", 1)
    assert status == 1
    assert err.startswith("luoshi: ") and "another folder" in err and "--restart" in err
    assert len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- processes


def test_two_processes_write_the_same_table_as_one(source, tmp_path, capsys):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert run(capsys, source, "--out", one, "--workers", 1)[0] == 0
    assert run(capsys, source, "--out", two, "--workers", 2)[0] == 0
    assert two.read_bytes() == one.read_bytes()
    assert (tmp_path / "two.errors.csv").read_bytes() == (tmp_path / "one.errors.csv").read_bytes()


def test_a_file_that_kills_its_worker_process_is_listed_and_the_others_go_on(source, tmp_path, monkeypatch,
                                                                           table, capsys):
    def dies_on_henan(path):
        if "henan" in str(path):
            os._exit(1)  # as a crash in a library, or the kernel killing the process, would
        return analyse_file(path)

    monkeypatch.setattr(cli, "analyse_file", dies_on_henan)
    forked = functools.partial(ProcessPoolExecutor, mp_context=multiprocessing.get_context("fork"))
    monkeypatch.setattr(corpus, "ProcessPoolExecutor", forked)  # workers forked from this process see the patch
    out = tmp_path / "t.csv"
    status, _, err = run(capsys, source, "--out", out, "--workers", 2)
    assert status == 0
    errors = {e["path"]: e["reason"] for e in read_csv(tmp_path / "t.errors.csv")}
    assert "stopped its worker process" in errors.pop("省/河南/henan-2022.txt")
    assert set(errors) == set(BAD_FILES)
    assert read_csv(out) == [r for r in table if r["path"] != "省/河南/henan-2022.txt"]


# ---------------------------------------------------------------- what stops a run


@pytest.mark.parametrize(("setup", "out", "says"), [
    (lambda root: None, "t.txt", "name a .csv, .parquet or .xlsx file"),
    (lambda root: shutil.rmtree(root), "t.csv", "no such folder"),
    (lambda root: [p.unlink() for p in root.rglob("*") if p.is_file()], "t.csv", "no report files"),
])
def test_what_stops_a_run_is_one_line_and_nothing_is_written(reports, tmp_path, setup, out, says, capsys):
    setup(reports)
    status, stdout, err = run(capsys, reports, "--out", tmp_path / "result" / out)
    assert status == 1 and stdout == ""
    assert err.startswith("luoshi: ") and says in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "result").exists() or not any((tmp_path / "result").iterdir())


def test_a_failed_write_leaves_the_previous_table(tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("previous", encoding="utf-8")
    with pytest.raises(RuntimeError), table_writers.open_table(out, corpus.ERROR_COLUMNS) as writer:
        writer.write([["a.txt", "why"]])
        raise RuntimeError("disk full")
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


# ---------------------------------------------------------------- the plan year's target of an indicator

NATIONAL = DATA / "national"  # the national reports of 1990 on (gzip) and their checked GDP growth targets


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The national reports as a folder of .txt files, and `luoshi corpus`'s table of them."""
    root = tmp_path_factory.mktemp("national") / "reports"
    root.mkdir()
    for gz in sorted(NATIONAL.glob("national-*.txt.gz")):
        (root / gz.name.removesuffix(".gz")).write_bytes(gzip.decompress(gz.read_bytes()))
    out = root.parent / "指标.csv"
    assert cli.main(["corpus", str(root), "--out", str(out), "--workers", "1"]) == 0
    return root, read_csv(out)


def number(cell: str) -> float | None:
    return float(cell) if cell else None


def checked_gdp_targets() -> list[dict]:
    with (NATIONAL / "gdp_targets.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("want", checked_gdp_targets(), ids=lambda r: f"{r['doc']}: {r['quote'] or 'none'}")
def test_gdp_and_plan_year_target_give_each_reports_gdp_growth_target(national, want):
    root, table = national
    rows = [r for r in table if r["doc"] == want["doc"] and r["indicator"] == "gdp" and r["plan_year_target"] == "true"]
    if not want["value"]:
        assert rows == []  # 2000, 2001, 2002 state none
        return
    assert len(rows) == 1
    row = rows[0]
    got = (number(row["value"]), number(row["value_high"]), row["cmp"], row["measure"], row["unit"], row["role"])
    assert got == (float(want["value"]), number(want["value_high"]), want["cmp"], "change", "%", "target")
    assert row["period"] == "year"
    text = (root / f"{want['doc']}.txt").read_text(encoding="utf-8")
    at = text.index(want["quote"])  # the first time the report states it
    assert at <= int(row["start"]) < int(row["end"]) <= at + len(want["quote"])


def test_each_report_has_at_most_one_plan_year_target_an_indicator(national):
    _, table = national
    marked = Counter((r["doc"], r["indicator"]) for r in table if r["plan_year_target"] == "true")
    assert marked and max(marked.values()) == 1
    assert all(doc_key[1] for doc_key in marked)  # only canonical indicators
    assert {r["role"] for r in table if r["plan_year_target"] == "true"} == {"target"}


@pytest.mark.parametrize(("doc", "quote", "value"), [
    ("national-2001", "“十五”期间年均经济增长速度预期目标为7％左右", 7.0),
    ("national-1993", "国民经济增长速度由原定平均每年百分之六调高到百分之八至九", 8.0),
])
def test_multi_year_figures_are_told_apart(national, doc, quote, value):
    _, table = national
    rows = [r for r in table if r["doc"] == doc and quote in r["quote"] and float(r["value"] or "nan") == value]
    assert rows and all(r["period"] == "multi_year" and r["plan_year_target"] == "false" for r in rows)
    assert any(r["period"] == "year" for r in table if r["doc"] == doc)


def test_a_journal_of_other_columns_is_started_afresh(source, tmp_path, calls, table, capsys):
    out = tmp_path / "t.csv"
    journal = tmp_path / "t.journal.jsonl"
    assert run(capsys, source, "--out", out, "--workers", 1)[0] == 0
    lines = journal.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["columns"] == [name for name, _ in corpus.COLUMNS]
    del header["columns"]  # as an earlier version wrote it, its rows without period and plan_year_target
    journal.write_text("\n".join([json.dumps(header, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    calls.clear()
    assert run(capsys, source, "--out", out, "--workers", 1)[0] == 0
    assert len(calls) == 10  # every file analysed again
    assert read_csv(out) == table
