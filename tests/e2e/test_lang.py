"""Language: --lang zh is Chinese throughout (help, argparse's own errors, outputs); --lang en has
no Chinese except legal terms and names in their originals; add - reads GBK as well as UTF-8.
Run as the installed script, as a user would."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest

from .conftest import parse_csv_text

COMMANDS = ("add", "between", "is-workday", "due", "rules", "calendar", "check", "report")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
#: argparse's own English, which must not survive under --lang zh.
ARGPARSE_EN = ("usage:", "options:", "positional arguments", "show this help", "error:",
               "required", "invalid choice", "expected one argument", "unrecognized")  # fmt: skip
#: English prose: two words in a row ("show this", "Output: every") or a lone heading ("examples:").
#: Option syntax never has that shape: --as-of AS_OF, {short,full,none}, A..B[:KIND], FILE.html.
PROSE = re.compile(r"\b[A-Za-z][a-z]+:? [a-z]{2,}\b|^\s*[A-Za-z][a-z]+:\s*$")


def _untranslated(help_text: str) -> list[str]:
    """Help lines of English prose without Chinese, example command lines and the usage block
    (option syntax and positional names, up to the first blank line) aside."""
    bad = []
    _usage, _, rest = help_text.partition("\n\n")
    for line in rest.splitlines():
        words = line.split()
        if not words or CJK.search(line) or words[0] in ("gov-deadlines", "pbpaste"):
            continue
        if PROSE.search(line):
            bad.append(line)
    return bad


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_in_chinese(cli, command):
    """--lang zh --help: argparse's headings and every help line are Chinese."""
    args = ["--lang", "zh", *([command] if command else []), "--help"]
    r = cli(*args)
    assert r.returncode == 0
    text = r.stdout
    assert text.startswith("用法：")
    for phrase in ARGPARSE_EN:
        assert phrase not in text
    assert _untranslated(text) == []


def test_help_language_from_locale(cli):
    """Without --lang the help follows LANG."""
    assert cli("add", "--help", lang="zh_CN.UTF-8").stdout.startswith("用法：")
    assert cli("add", "--help").stdout.startswith("usage:")


def test_help_in_english_unchanged(cli):
    """--lang en --help keeps argparse's English and the English help texts."""
    text = cli("--lang", "en", "add", "--help").stdout
    assert text.startswith("usage: gov-deadlines add")
    assert "show this help message and exit" in text
    assert "how many units (negative: before DATE, workdays only)" in text


def test_missing_argument_in_chinese(cli):
    """gov-deadlines --lang zh add (no DATE, no N): argparse's error in Chinese, exit 2."""
    r = cli("--lang", "zh", "add")
    assert r.returncode == 2
    assert "gov-deadlines add：错误：缺少以下必需的参数：date, n" in r.stderr
    assert r.stderr.startswith("用法：")
    for phrase in ARGPARSE_EN:
        assert phrase not in r.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "2024-02-08", "5", "--unit", "weeks"], "无效的选择：'weeks'"),
        (["add", "2024-02-08", "5", "extra"], "无法识别的参数：extra"),
        (["--unknown-years"], "参数 --unknown-years：需要一个参数值"),
        (["frobnicate"], "参数 COMMAND：无效的选择：'frobnicate'"),
        (["check", "a.csv", "--trigger-col", "x"], "必须给出以下参数之一：--rule --rule-col"),
        (["check", "a.csv", "--rule", "r", "--trigger-col", "x", "--jobs", "many"], "无效的值"),
    ],
)
def test_argparse_errors_in_chinese(cli, args, words):
    """Every kind of argparse error is worded in Chinese under --lang zh (exit 2)."""
    r = cli("--lang", "zh", *args)
    assert r.returncode == 2
    assert words in r.stderr
    assert not any(phrase in r.stderr for phrase in ARGPARSE_EN)


def test_argparse_errors_in_english(cli):
    """Under en argparse speaks its own English."""
    r = cli("--lang", "en", "add")
    assert r.returncode == 2
    assert "the following arguments are required: date, n" in r.stderr


# ---------------------------------------------------------------------------- add - encodings

GBK_COLUMN = "2024年2月8日\n2024年2月9日\n".encode("gbk")


def test_add_stdin_gbk_detected(cli):
    """A GBK column piped into add - is read as GBK without being told."""
    r = cli("add", "-", "5", stdin=GBK_COLUMN)
    # 2024-02-08 + 5 working days across 春节 (2/10-2/17 off, 2/18 a makeup workday)
    assert (r.returncode, r.lines) == (0, ["2024-02-21", "2024-02-22"])


def test_add_stdin_encoding_gbk(cli):
    """--encoding gbk reads the same column."""
    r = cli("add", "-", "5", "--encoding", "gbk", stdin=GBK_COLUMN)
    assert (r.returncode, r.lines) == (0, ["2024-02-21", "2024-02-22"])


def test_add_stdin_wrong_encoding_says_what_to_do(cli):
    """GBK bytes read as --encoding utf-8: each line fails with a message naming --encoding gbk,
    a blank output line keeps the column aligned, exit 1."""
    r = cli("--lang", "zh", "add", "-", "5", "--encoding", "utf-8", stdin=GBK_COLUMN)
    assert (r.returncode, r.lines) == (1, ["", ""])
    assert "第1行" in r.stderr and "--encoding gbk" in r.stderr
    assert "Traceback" not in r.stderr


def test_add_stdin_utf8_bom(cli):
    """A UTF-8 byte order mark before the first date is not part of the date."""
    r = cli("add", "-", "5", stdin="\ufeff2024-02-08\n".encode())
    assert (r.returncode, r.lines) == (0, ["2024-02-21"])


def test_add_unknown_encoding_is_a_usage_error(cli):
    """--encoding with a name Python does not know: exit 2, before reading anything."""
    r = cli("--lang", "zh", "add", "-", "5", "--encoding", "klingon", stdin=b"2024-02-08\n")
    assert r.returncode == 2
    assert "未知的编码" in r.stderr


# ------------------------------------------------------------------ outputs in each language

#: A word of English prose: letters only, not part of an identifier (ogi.request.reply, 20wd,
#: 2027.json, sha256:..., chinese-calendar), which are codes and names, the same in any language.
ENGLISH_WORD = re.compile(r"(?<![\w.\-:/])[A-Za-z][a-z]+(?![\w.\-:/])")


def _english(text: str) -> list[str]:
    """English words in ``text``, except on lines that quote English-only rule notes."""
    found = []
    for line in text.splitlines():
        if not line.strip().startswith("备注（英文）"):
            found += ENGLISH_WORD.findall(line)
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["rules", "ogi.request.reply"],
        ["rules", "ogi.annual_report.department"],
        ["calendar", "info"],
        ["--unknown-years", "weekends", "calendar", "info"],
        ["is-workday", "2024-02-18"],
        ["is-workday", "2024-02-12"],
        ["is-workday", "2024-02-24"],
    ],
)
def test_output_in_chinese_has_no_english(cli, args):
    """rules, calendar info and is-workday under --lang zh: no English words."""
    r = cli("--lang", "zh", *args)
    assert r.returncode == 0
    assert _english(r.stdout) == []


def test_is_workday_in_chinese(cli):
    """is-workday under zh: 是/否, the kind of day and the holiday's name."""
    assert cli("--lang", "zh", "is-workday", "2024-02-18").lines == ["是 调休上班日 春节"]
    assert cli("--lang", "zh", "is-workday", "2024-02-12").lines == ["否 法定节假日 春节"]


def test_calendar_info_in_english_has_no_chinese(cli):
    """calendar info under en: no Chinese outside the quoted notices (indented paper lines)."""
    r = cli("--lang", "en", "calendar", "info")
    lines = [x for x in r.lines if not x.startswith(" " * 12)]
    assert lines and not any(CJK.search(x) for x in lines)


def test_rules_in_english_keep_chinese_only_for_legal_names(cli):
    """rules under en: titles in English, a legal term's original in brackets beside it
    ("a rule (规章)"); Chinese otherwise only in the law names after the '·'."""
    for line in cli("--lang", "en", "rules").lines:
        head = re.sub(r"\([^()]*\)", "", line.partition(" · ")[0])
        assert not CJK.search(head), line


# ------------------------------------------------------------------------- errors in Chinese


@pytest.mark.parametrize(
    ("args", "words", "code"),
    [
        (["rules", "no.such"], "规则目录中没有规则“no.such”", 2),
        (["due", "ogi.request.rep", "2024-02-08"], "是否要找：ogi.request.reply", 2),
        (["add", "2024-02-08", "-5", "--unit", "days"], "只有 --unit workdays 可以向前倒数", 2),
        (["calendar", "2024-13"], "应写成 YYYY-MM 或 YYYY", 2),
        (["calendar", "import"], "请给出通知的文本文件", 2),
        (["calendar", "import", "no-such-notice.txt"], "文件或目录不存在", 2),
        (["--region", "Atlantis", "add", "2024-02-08", "5"], "未知的地区“Atlantis”", 2),
        (["add", "2099-01-01", "5"], "未加载2099年的节假日安排", 1),
        (
            ["--calendar", "no-such.json", "add", "2024-02-08", "5"],
            "无法读取日历文件：文件或目录不存在",
            2,
        ),
    ],
)
def test_errors_in_chinese(cli, tmp_path, args, words, code):
    """File, rule, region and usage errors are worded in Chinese under --lang zh."""
    r = cli("--lang", "zh", *args, cwd=tmp_path)
    assert r.returncode == code
    assert words in r.stderr
    assert "Traceback" not in r.stderr


def test_invalid_verdict_in_chinese(cli):
    """An invalid verdict under zh: the status and the reason in Chinese (事实有误)."""
    r = cli("--lang", "zh", "due", "ogi.request.reply", "2024-02-08", "--done", "2024-02-01")
    assert r.returncode == 1
    assert "状态：事实有误" in r.lines
    assert "原因：无法判断：办结日早于起算日" in r.stdout


# ------------------------------------------------- file, rule and notice errors, wholly in zh

#: Names of formats and encodings: the same words in a Chinese sentence ("导出为 CSV").
FORMAT_NAMES = {"CSV", "XLSX", "JSON", "TOML", "UTF"}
#: What a message quotes from the input: “…”, 「…」, '…', "…", and a sheet's [name].
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|'[^']*'|\"[^\"]*\"|\[[^\]]*\]")
#: Option names and file names (with a path): the user's own words, in any language.
NAMES = re.compile(
    r"--[a-z][a-z-]*|[\w./-]*\.(?:csv|tsv|txt|xlsx|xlsm|xls|xml|json|jsonl|toml|doc|parquet|pq)\b"
)
ERROR_ZH = "gov-deadlines：错误："


def _english_in(message: str) -> list[str]:
    """Runs of 3+ ASCII letters in ``message`` outside what it quotes, names and formats."""
    rest = NAMES.sub(" ", QUOTED.sub(" ", message))
    return [w for w in re.findall(r"[A-Za-z]{3,}", rest) if w not in FORMAT_NAMES]


def _hostile_files(tmp: Path) -> None:
    """The inputs of the cases below, written into ``tmp``."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["案号", "收到日期"])
    wb.active.append(["A-1", dt.date(2024, 2, 8)])
    wb.active.append(["A-2", 99999999])  # an Excel serial past 9999-12-31
    wb.save(tmp / "serial.xlsx")
    # A sheet part that decompresses 1000 times over (built as test_registers_real does).
    with (
        zipfile.ZipFile(tmp / "serial.xlsx") as src,
        zipfile.ZipFile(tmp / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 << 20))
            dst.writestr(info.filename, data)
    (tmp / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not a zip archive " * 10)
    (tmp / "reg.doc").write_text("案号\n", encoding="utf-8")
    (tmp / "r.csv").write_text("案号,收到日期\nA-1,2024-02-08\n", encoding="utf-8")
    day = {"name": "元旦", "date": "2027/1/1", "isOffDay": True}
    (tmp / "bad.json").write_text(json.dumps({"year": 2027, "papers": [], "days": [day]}))
    (tmp / "bad.toml").write_text(
        '[[rule]]\nid = "local.x"\ntitle_zh = "甲"\ntitle_en = "A"\nkind = "deadline"\n'
        'period = "7 weeks"\n[[rule.citation]]\nlaw = "某法"\n',
        encoding="utf-8",
    )
    (tmp / "notice.txt").write_text(
        "国务院办公厅关于2024年部分节假日安排的通知\n"
        "二、春节：2月10日至17日放假调休，共8天。2月18日（星期日）值班。\n",
        encoding="utf-8",
    )
    (tmp / "results.jsonl").write_text('{"案号": "A-1", "status": "on_time"}\n', encoding="utf-8")


RULE = ("--rule", "ogi.request.reply", "--trigger-col", "收到日期")
#: (what, arguments, exit status, words of the zh message, the en message as it is today)
ERROR_CASES = [
    ("no register", ["check", "no-such.csv", *RULE], 2,
     "台账 no-such.csv 不存在", "register no-such.csv: file not found"),
    ("unsupported type", ["check", "reg.doc", *RULE], 2,
     "扩展名 '.doc' 不受支持",
     "register reg.doc: unsupported extension '.doc'; supported: .csv, .tsv, .txt, .xlsx, "
     ".xlsm, .xls"),
    ("header column missing", ["check", "r.csv", "--rule", "ogi.request.reply",
                               "--trigger-col", "受理日期"], 2,
     "r.csv 中没有“受理日期”列", "r.csv has no column '受理日期'; columns are: 案号, 收到日期"),
    ("zip bomb", ["check", "bomb.xlsx", *RULE], 2,
     "解压后将有",
     "bomb.xlsx: part xl/worksheets/sheet1.xml would decompress to"),
    ("corrupt workbook", ["check", "corrupt.xlsx", *RULE], 2,
     "corrupt.xlsx 不是可读取的 .xlsx 工作簿",
     "corrupt.xlsx is not a readable XLSX workbook (BadZipFile: File is not a zip file)"),
    ("bad --calendar", ["--calendar", "bad.json", "add", "2024-02-08", "5"], 2,
     "bad.json 的 days[0].date 字段：应为形如",
     "--calendar bad.json: bad.json: days[0].date: expected an ISO date like \"2027-02-06\", "
     "got '2027/1/1'"),
    ("bad --rules", ["rules", "--rules", "bad.toml"], 2,
     "规则“local.x”的 period 字段：无法读取期限“7 weeks”",
     "--rules: bad.toml: rule 'local.x': period: cannot read period '7 weeks': write an "
     "amount and a "
     "unit, e.g. '20wd' (working days), '30d' (calendar days), '24h', '3m' (months) or '1y'"),
    ("notice refused", ["calendar", "import", "notice.txt"], 1,
     "无法确定通知对“2月18日(星期日)”作何安排",
     "cannot tell what the notice arranges for '2月18日(星期日)': the words after it ('值班') "
     "are not 放假, 补休, 上班 or a description such as 为法定节假日; nothing was imported."),
    ("bad period", ["due", "3x", "2024-02-08"], 2,
     "规则目录中没有规则“3x”", "no rule '3x' in the catalog (list them: rules)"),
    ("report column missing", ["report", "results.jsonl", "--done-col", "办结日期"], 2,
     "--done-col：results.jsonl 中没有列 '办结日期'",
     "--done-col: results.jsonl has no column '办结日期'; columns: 案号, status"),
]  # fmt: skip


#: Words of the input a message names without quotes: a field of the file, a column, a command.
OWN_WORDS = {
    "bad --calendar": {"days", "date"},
    "bad --rules": {"period"},
    "bad period": {"rules"},
    "report column missing": {"status"},
}


@pytest.mark.parametrize(
    ("what", "args", "code", "words"), [c[:4] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_file_errors_wholly_in_chinese(cli, tmp_path, what, args, code, words):
    """Under --lang zh a register, calendar, rules or notice file that cannot be used is said in
    Chinese after the prefix: no English word but the names and values it quotes."""
    _hostile_files(tmp_path)
    r = cli("--lang", "zh", *args, cwd=tmp_path, timeout=60)
    assert r.returncode == code
    lines = [x for x in r.stderr.splitlines() if x.startswith(ERROR_ZH)]
    assert len(lines) == 1, r.stderr
    message = lines[0].removeprefix(ERROR_ZH)
    assert words in message
    assert CJK.search(message)
    assert set(_english_in(message)) <= OWN_WORDS.get(what, set()), message


@pytest.mark.parametrize(
    ("args", "code", "english"),
    [(c[1], c[2], c[4]) for c in ERROR_CASES],
    ids=[c[0] for c in ERROR_CASES],
)
def test_file_errors_in_english_unchanged(cli, tmp_path, args, code, english):
    """Under --lang en the same errors read as they always have."""
    _hostile_files(tmp_path)
    r = cli("--lang", "en", *args, cwd=tmp_path, timeout=60)
    assert r.returncode == code
    assert "gov-deadlines: error: " + english in r.stderr


def test_serial_out_of_range_row_error_in_chinese(cli, tmp_path):
    """An Excel serial past the last date is a row error in the run's language, in the error
    column and on stderr; the other row is evaluated (exit 1)."""
    _hostile_files(tmp_path)
    r = cli("--lang", "zh", "check", "serial.xlsx", *RULE, cwd=tmp_path)
    assert r.returncode == 1
    rows = parse_csv_text(r.stdout)
    assert len(rows) == 3  # the header and 2 records
    error = rows[2][rows[0].index("错误")]
    assert "日期序号“99999999”无效" in error and "2958465" in error
    assert _english_in(error) == [], error
    assert rows[1][rows[0].index("错误")] == ""


def test_serial_out_of_range_row_error_in_english(cli, tmp_path):
    """Under en the row error reads as before."""
    _hostile_files(tmp_path)
    r = cli("--lang", "en", "check", "serial.xlsx", *RULE, cwd=tmp_path)
    assert r.returncode == 1
    rows = parse_csv_text(r.stdout)
    assert rows[2][rows[0].index("error")] == (
        "column '收到日期': '99999999' is not a valid Excel date serial number "
        "(Excel serials run from 1 to 2958465)"
    )


def test_english_detector_finds_english():
    """The check above would see an English sentence left in a Chinese message."""
    assert _english_in("台账 a.csv：cannot open") == ["cannot", "open"]
    assert _english_in("“7 weeks” 无效；--rules 与 x.toml、导出为 CSV") == []


def test_row_error_place_joined_in_chinese(cli, tmp_path):
    """Under zh a row error reads as one Chinese sentence: full-width colons between the
    program, the row, the column and the reason, on stderr and in the error column."""
    (tmp_path / "台账.csv").write_text("收到日期,答复日期\n2024-03-01,bad\n", encoding="utf-8")
    r = cli(
        "check", "台账.csv", "--rule", "20wd", "--trigger-col", "收到日期",
        "--done-col", "答复日期", "--lang", "zh", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 1
    first = r.stderr.splitlines()[0]
    expected = "gov-deadlines：台账.csv 第2行：“答复日期”列：无法识别的日期“bad”"
    assert first.startswith(expected), first
    assert "“答复日期”列：无法识别的日期“bad”" in r.stdout
