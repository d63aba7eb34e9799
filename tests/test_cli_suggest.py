"""`luoshi suggest`: ranked departments for a task's text, in text and JSON, and the bad paths."""

import io
import json

import pytest

from luoshi import cli


def run(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_it_prints_the_lead_first_with_its_reason(capsys):
    status, out, err = run(capsys, "suggest", "办好优质的普惠教育。建成中小学幼儿园8处，推动学前教育普惠发展。")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("任务：办好优质的普惠教育")
    assert lines[1].split()[:2] == ["牵头", "区教育和体育局"] and "职责匹配：教育（标题）" in lines[1]


def test_the_words_of_the_text_are_joined(capsys):
    status, out, _ = run(capsys, "suggest", "由区财政局牵头，", "区教育和体育局配合，新建学校3所")
    assert status == 0
    assert [line.split()[:2] for line in out.splitlines()[1:3]] == [["牵头", "区财政局"], ["配合", "区教育和体育局"]]
    assert "文中点名“区财政局”（牵头）" in out


def test_it_writes_json(capsys):
    status, out, _ = run(capsys, "suggest", "--catalogue", "national", "--format", "json",
                         "改革完善增值税制度，按照三档并两档方向调整税率水平")
    assert status == 0
    result = json.loads(out)
    assert result["catalogue"] == "national"
    first = result["suggestions"][0]
    assert (first["department"], first["role"]) == ("财政部", "lead")
    assert set(first) == {"department", "role", "score", "reason", "words", "named", "members"}
    assert all(s["role"] == "cooperating" for s in result["suggestions"][1:])


def test_nothing_to_suggest_is_said_and_is_no_error(capsys):
    status, out, _ = run(capsys, "suggest", "加强党的建设")
    assert status == 0 and "无建议" in out
    status, out, _ = run(capsys, "suggest", "--format", "json", "加强党的建设")
    assert json.loads(out)["suggestions"] == []


def test_it_reads_one_task_a_line_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("新建中小学幼儿园8处\n\n打好蓝天保卫战\n"))
    status, out, _ = run(capsys, "suggest", "--format", "json", "-")
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [r["suggestions"][0]["department"] for r in rows] == ["区教育和体育局", "市生态环境局市中区分局"]


def test_without_text_on_a_terminal_it_says_how(capsys, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    status, out, err = run(capsys, "suggest")
    assert status == 2 and out == "" and "give the task's text" in err


def test_a_csv_catalogue_of_names_alone_works(capsys, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("名称\n某县发展和改革局\n某县教育和体育局\n某县卫生健康局\n", encoding="utf-8")
    status, out, _ = run(capsys, "suggest", "--catalogue", path, "加强医联体建设，完善分级诊疗制度")
    assert status == 0 and out.splitlines()[1].split()[:2] == ["牵头", "某县卫生健康局"]


def test_an_xlsx_catalogue_works(capsys, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["名称", "简称"])
    book.active.append(["某县财政局", "县财政局"])
    book.active.append(["某县公安局", None])
    book.save(tmp_path / "mine.xlsx")
    status, out, _ = run(capsys, "suggest", "--catalogue", tmp_path / "mine.xlsx", "依法开展扫黑除恶专项斗争")
    assert status == 0 and "某县公安局" in out.splitlines()[1]


def test_a_missing_catalogue_file_is_one_line_and_status_1(capsys, tmp_path):
    status, out, err = run(capsys, "suggest", "--catalogue", tmp_path / "none.csv", "新建学校")
    assert status == 1 and out == ""
    assert err.strip().splitlines() == [f"luoshi: {tmp_path / 'none.csv'}: cannot read it (No such file or directory)"]


def test_a_csv_without_its_name_column_is_one_line_and_status_1(capsys, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("部门,职责\n区财政局,预算\n", encoding="utf-8")
    status, out, err = run(capsys, "suggest", "--catalogue", path, "新建学校")
    assert status == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"luoshi: {path}: no 名称 column (its columns are 部门, 职责)")


def test_a_folder_as_catalogue_is_one_line_and_status_1(capsys, tmp_path):
    status, _, err = run(capsys, "suggest", "--catalogue", tmp_path, "新建学校")
    assert status == 1 and len(err.strip().splitlines()) == 1 and "a folder" in err


def test_a_bad_format_is_a_usage_error(capsys):
    status, _, err = run(capsys, "suggest", "--format", "xml", "新建学校")
    assert status == 2 and "invalid choice" in err
