"""The data directory from the command line: ``--data-dir DIR`` / ``GOV_DEADLINES_DATA``, and
``calendar import NOTICE --into DIR``, run as a user runs them.

The directory is ``tests/answers/data-dir`` (written by hand; ``2027.json`` is an invented TEST
arrangement: 元旦 1/1-1/3 off, 春节 Fri 2/5-Fri 2/12 off with Sun 2/14 and Sat 2/20 make-up
workdays, 国庆节 Fri 10/1-Thu 10/7 off with Sun 9/26 and Sat 10/9 make-up workdays; a Ningxia
test overlay with Wed 2027-03-10 off, a Guangxi one with Fri 2027-04-09 off; one local rule, 5
working days).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "answers" / "data-dir"

# An invented 2028 notice in the State Council's style -- NOT a real arrangement. Calendar facts:
# 2028-01-01 is a Saturday; 正月初一 2028 is Wednesday 1/26, so 除夕 is Tuesday 1/25 and 正月初七
# Tuesday 2/1; 1/23 is a Sunday and 2/12 a Saturday.
NOTICE_2028 = """\
国务院办公厅关于2028年部分节假日安排的通知

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

经国务院批准，现将2028年元旦、春节放假调休日期的具体安排通知如下。

一、元旦：1月1日（周六）至3日（周一）放假，共3天。

二、春节：1月25日（农历除夕、周二）至2月1日（农历正月初七、周二）放假调休，共8天。\
1月23日（周日）、2月12日（周六）上班。

国务院办公厅
2027年11月20日
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A fresh copy of the hand-written data directory."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "data"))


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "国务院办公厅通知.txt"
    path.write_text(NOTICE_2028, encoding="utf-8")
    return path


def test_add_with_data_dir_uses_the_new_year(cli, data) -> None:
    """--data-dir brings the directory's 2027 into add, counted by hand."""
    # Thu 2/4; 2/5-2/12 off; Sat 2/13; Sun 2/14 make-up workday (1)
    r = cli("add", "2027-02-04", "1", "--data-dir", data)
    assert (r.returncode, r.stdout, r.stderr) == (0, "2027-02-14\n", "")
    # 2/14 (1), 2/15 (2), 2/16 (3), 2/17 (4), 2/18 (5), Fri 2/19 (6), Sat 2/20 (7), Mon 2/22 (8)
    r = cli("add", "2027-02-04", "8", "--data-dir", data)
    assert (r.returncode, r.stdout) == (0, "2027-02-22\n")
    # without the directory: 2027 is unknown (exit 1, saying how to load it)
    r = cli("add", "2027-02-04", "1")
    assert r.returncode == 1 and "2027" in r.stderr


def test_environment_variable_names_the_directory(cli, data, monkeypatch) -> None:
    """GOV_DEADLINES_DATA works as --data-dir does; --data-dir "" turns it off."""
    monkeypatch.setenv("GOV_DEADLINES_DATA", str(data))
    # Thu 9/30; 10/1-10/7 off; Fri 10/8 (1); Sat 10/9 make-up workday (2)
    r = cli("add", "2027-09-30", "2")
    assert (r.returncode, r.stdout) == (0, "2027-10-09\n")
    r = cli("add", "2027-09-30", "2", "--data-dir", "")
    assert r.returncode == 1 and "2027" in r.stderr


def test_due_uses_the_directory_rules_and_years(cli, data) -> None:
    """A rule of the directory's local-rules.toml, over its 2027: 5 working days after Thu 2/4
    are 2/14, 2/15, 2/16, 2/17, Thu 2/18; done Fri 2/19 is 1 working day late."""
    r = cli("due", "local.test.reply", "2027-02-04", "--done", "2027-02-19", "--json",
            "--data-dir", data)  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["due"], out["status"], out["workdays_late"]) == ("2027-02-18", "late", 1)


def test_overlays_of_the_selected_region_only(cli, data) -> None:
    """The Ningxia test overlay applies with --region 宁夏 only; Guangxi's never there."""
    # Wed 2027-03-10: off in the Ningxia overlay, a working day nationally
    r = cli("is-workday", "2027-03-10", "--data-dir", data, "--region", "宁夏")
    assert r.returncode == 0 and r.stdout.startswith("false")
    r = cli("is-workday", "2027-03-10", "--data-dir", data)
    assert r.returncode == 0 and r.stdout.startswith("true")
    # Fri 2027-04-09: off in the Guangxi overlay only
    r = cli("is-workday", "2027-04-09", "--data-dir", data, "--region", "宁夏")
    assert r.stdout.startswith("true")
    r = cli("is-workday", "2027-04-09", "--data-dir", data, "--region", "CN-GX")
    assert r.stdout.startswith("false")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_invalid_file_is_a_usage_error_naming_it(cli, data, lang) -> None:
    """A broken year file: exit 2, one line naming the directory and the file, no traceback."""
    (data / "2028.json").write_text('{"year": 2028, "days": [', encoding="utf-8")
    r = cli("add", "2027-02-04", "1", "--data-dir", data, "--lang", lang)
    assert r.returncode == 2 and r.stdout == ""
    assert "2028.json" in r.stderr and str(data) in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 1
    if lang == "zh":
        assert "不是有效的 JSON 文件" in r.stderr


def test_an_invalid_rule_file_is_a_usage_error_for_rule_commands(cli, data) -> None:
    """A broken *.toml fails the commands that use rules (exit 2, naming it); add is unaffected."""
    (data / "more.toml").write_text("[[rule]\n", encoding="utf-8")
    r = cli("due", "ogi.request.reply", "2024-02-08", "--data-dir", data)
    assert r.returncode == 2 and "more.toml" in r.stderr and "Traceback" not in r.stderr
    assert cli("add", "2024-02-08", "1", "--data-dir", data).returncode == 0


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "does not exist"), ("zh", "不存在")], ids=["en", "zh"]
)
def test_a_missing_directory_is_a_usage_error(cli, tmp_path, monkeypatch, lang, words) -> None:
    """A data directory that is not there: exit 2, the message names it and says what to do."""
    missing = tmp_path / "共享" / "gov-deadlines"
    r = cli("add", "2024-02-08", "1", "--data-dir", missing, "--lang", lang)
    assert r.returncode == 2 and r.stdout == ""
    assert str(missing) in r.stderr and words in r.stderr and "GOV_DEADLINES_DATA" in r.stderr
    monkeypatch.setenv("GOV_DEADLINES_DATA", str(missing))
    r = cli("add", "2024-02-08", "1", "--lang", lang)
    assert r.returncode == 2 and str(missing) in r.stderr and "Traceback" not in r.stderr


def test_import_into_writes_the_year_file_that_then_loads(cli, data, notice) -> None:
    """calendar import --into DIR writes DIR/2028.json, prints what it understood, and the next
    command picks the year up from the directory."""
    r = cli("calendar", "import", notice, "--into", data)
    assert r.returncode == 0, r.stderr
    assert "2028-01-25 Tue" in r.stdout and str(data / "2028.json") in r.stdout
    written = json.loads((data / "2028.json").read_text("utf-8"))
    assert written["year"] == 2028
    names = ["2027.json", "2028.json", "guangxi-2027.json", "local-rules.toml", "ningxia-2027.json"]
    assert sorted(p.name for p in data.iterdir()) == names  # no temporary file left
    # Mon 1/24; 1/25-2/1 off; Wed 2/2 (1)
    r = cli("add", "2028-01-24", "1", "--data-dir", data)
    assert (r.returncode, r.stdout) == (0, "2028-02-02\n")
    # Fri 1/21; Sat 1/22 off; Sun 1/23 make-up workday (1)
    r = cli("add", "2028-01-21", "1", "--data-dir", data)
    assert (r.returncode, r.stdout) == (0, "2028-01-23\n")


def test_import_into_refuses_to_overwrite_a_different_file(cli, data, notice) -> None:
    """An existing 2028.json with other content is left alone without --force (exit 2, saying
    so); the same content is not rewritten; --force replaces it."""
    target = data / "2028.json"
    target.write_text('{"year": 2028, "papers": ["older"], "days": []}', encoding="utf-8")
    before = target.read_bytes()
    for lang, words in [("en", "--force"), ("zh", "--force")]:
        r = cli("calendar", "import", notice, "--into", data, "--lang", lang)
        assert r.returncode == 2 and words in r.stderr and str(target) in r.stderr
        assert target.read_bytes() == before
    r = cli("calendar", "import", notice, "--into", data, "--force")
    assert r.returncode == 0 and "replaced" in r.stdout
    assert json.loads(target.read_text("utf-8"))["days"]
    r = cli("calendar", "import", notice, "--into", data)
    assert r.returncode == 0 and "nothing was written" in r.stdout


def test_import_into_writes_nothing_on_error(cli, data, notice, tmp_path) -> None:
    """A refused notice, a missing directory or -o with --into: nothing written, exit 1 or 2."""
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTICE_2028.replace("1月23日（周日）", "1月23日（周一）"), encoding="utf-8")
    r = cli("calendar", "import", bad, "--into", data)
    assert r.returncode == 1 and not (data / "2028.json").exists()
    r = cli("calendar", "import", notice, "--into", tmp_path / "nowhere")
    assert r.returncode == 2 and "nowhere" in r.stderr and r.stdout == ""
    r = cli("calendar", "import", notice, "--into", data, "-o", tmp_path / "x.json")
    assert r.returncode == 2 and not (data / "2028.json").exists()
    assert not (tmp_path / "x.json").exists()
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == []


def test_calendar_info_shows_the_directory_and_its_files(cli, data) -> None:
    """calendar info names the directory and what became of each file, in text and JSON."""
    r = cli("calendar", "info", "--data-dir", data, "--region", "宁夏")
    assert r.returncode == 0, r.stderr
    assert f"data directory: {data} (--data-dir)" in r.stdout
    lines = {  # the directory's files, indented by two
        line.split()[0]: line
        for line in r.stdout.splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    }
    assert "year file, used" in lines["2027.json"]
    assert "overlay for 宁夏, used" in lines["ningxia-2027.json"]
    assert "not used" in lines["guangxi-2027.json"]
    assert "rules: 1" in lines["local-rules.toml"]
    r = cli("calendar", "info", "--data-dir", data, "--json")
    info = json.loads(r.stdout)
    assert info["data_dir"]["path"] == str(data)
    files = {f["name"]: f for f in info["data_dir"]["files"]}
    assert files["2027.json"]["used"] and files["2027.json"]["kind"] == "year"
    assert not files["ningxia-2027.json"]["used"]  # a national calendar takes no overlay
    assert files["local-rules.toml"]["rules"] == 1
    assert [s["data_dir"] for s in info["years"]["2027"]] == [True]
    assert info["years"]["2026"][0]["data_dir"] is False
    r = cli("calendar", "info", "--json")
    assert json.loads(r.stdout)["data_dir"] is None
