"""`luoshi verify PLAN RESULT`: the table as Markdown, JSON and .xlsx, tolerances from the command line, bad files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from luoshi import cli

DATA = Path(__file__).parent / "data" / "verify"
PLAN, RESULT = DATA / "national-2017-excerpt.txt", DATA / "national-2018-excerpt.txt"
SRC = Path(__file__).resolve().parents[1] / "src"
VERDICTS = {"met", "not_met", "partly", "not_reported"}


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["verify", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_it_prints_a_markdown_table(capsys):
    code, out, err = run(capsys, PLAN, RESULT)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "# 2017年目标完成情况核验：national-2017-excerpt 的目标对照 national-2018-excerpt 的回顾"
    assert "完成 4 · 部分完成 0 · 未完成 0 · 未报告 13（共 17 项）" in out
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| #")]
    assert len(rows) == 17
    assert rows[0].startswith("| 1 | 主要目标 | 国内生产总值增长**6.5%**左右 | 国内生产总值增长**6.9%**")
    assert rows[0].endswith("| 完成 | 目标增长6.5%左右，实际增长6.9%，达到目标 |")


def test_it_writes_json_one_object_per_target(capsys, tmp_path):
    out_file = tmp_path / "out" / "verify.json"
    code, out, err = run(capsys, PLAN, RESULT, "--format", "json", "--out", out_file)
    assert code == 0 and out == "" and "17 targets" in err
    rows = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(rows) == 17
    plan_text, result_text = PLAN.read_text(encoding="utf-8"), RESULT.read_text(encoding="utf-8")
    for row in rows:
        assert set(row) == {"year", "target", "result", "verdict", "reason", "basis"}
        assert row["verdict"] in VERDICTS and row["reason"]
        target = row["target"]
        assert plan_text[target["start"] : target["end"]] in (target["num"], target["indicator"])
        if row["result"] is not None:
            result = row["result"]
            assert result_text[result["start"] : result["end"]] == (result["num"] or result["quote"])
            assert result["quote"]
    gdp = rows[0]
    assert (gdp["target"]["quote"], gdp["target"]["value"], gdp["target"]["cmp"]) == ("国内生产总值增长6.5%左右", 6.5, "approx")
    assert (gdp["result"]["num"], gdp["result"]["value"], gdp["verdict"]) == ("6.9%", 6.9, "met")
    assert gdp["target"]["canonical"] == "gdp" and gdp["basis"] == "indicator:gdp"
    assert rows[1]["result"] is None and rows[1]["verdict"] == "not_reported"


def test_json_goes_to_stdout_without_out(capsys):
    code, out, _ = run(capsys, PLAN, RESULT, "--format", "json")
    assert code == 0 and len(json.loads(out)) == 17


def test_it_writes_an_xlsx_read_back(capsys, tmp_path):
    out_file = tmp_path / "核验.xlsx"
    code, out, err = run(capsys, PLAN, RESULT, "--out", out_file)  # the format from the extension
    assert code == 0 and out == ""
    book = load_workbook(out_file)
    assert book.sheetnames == ["核验", "说明"]
    rows = list(book["核验"].iter_rows(values_only=True))
    assert rows[0] == ("序号", "类别", "任务", "目标（原文）", "目标位置", "结果（原文）", "结果位置", "结论", "说明", "配对依据")
    assert len(rows) == 18
    assert rows[1][:2] == (1, "主要目标") and rows[1][3] == "国内生产总值增长6.5%左右"
    assert rows[1][7] == "完成" and rows[1][8] == "目标增长6.5%左右，实际增长6.9%，达到目标"
    assert {r[7] for r in rows[1:]} <= {"完成", "部分完成", "未完成", "未报告"}
    about = dict(book["说明"].iter_rows(values_only=True))
    assert about["计划年份"] == 2017 and about["结论统计"].startswith("完成 4")


def test_xlsx_needs_a_file(capsys):
    code, out, err = run(capsys, PLAN, RESULT, "--format", "xlsx")
    assert code == 2 and out == ""
    assert err == "luoshi verify: an .xlsx table needs a file: add --out FILE.xlsx\n"


@pytest.mark.parametrize(("option", "verdict"), [([], "met"), (["--tolerance-points", "0.02"], "not_met"),
                                                 (["--tolerance-points", "0.05"], "partly")])
def test_tolerance_options_override_the_data_file(capsys, option, verdict):
    plan, result = DATA / "national-2015-excerpt.txt", DATA / "national-2016-excerpt.txt"
    code, out, _ = run(capsys, plan, result, "--format", "json", *option)
    gdp = json.loads(out)[0]  # 7%左右 against 6.9%
    assert code == 0 and gdp["verdict"] == verdict


def test_bad_tolerance_is_a_usage_error(capsys):
    code, _, err = run(capsys, PLAN, RESULT, "--tolerance-share", "5")
    assert code == 2 and "a share is below 1" in err


def test_a_missing_file_is_one_line_and_nothing_written(capsys, tmp_path):
    out_file = tmp_path / "verify.json"
    code, out, err = run(capsys, PLAN, tmp_path / "national-2018.txt", "--out", out_file)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"luoshi: {tmp_path / 'national-2018.txt'}: ")
    assert "Traceback" not in err and not out_file.exists()


def test_a_file_that_is_not_a_report_is_one_line(capsys, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    code, _, err = run(capsys, junk, RESULT)
    assert code == 1 and err.count("\n") == 1 and err.startswith(f"luoshi: {junk}: ")


def test_the_console_command_runs(tmp_path):
    done = subprocess.run([sys.executable, "-c", "from luoshi.cli import main; raise SystemExit(main())", "verify",
                           str(PLAN), str(tmp_path / "missing.txt")], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("luoshi: ") and "Traceback" not in done.stderr
