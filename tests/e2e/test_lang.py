"""Language: --lang zh is Chinese throughout (help, argparse's own errors, outputs); --lang en has
no Chinese except legal terms and names in their originals; add - reads GBK as well as UTF-8.
Run as the installed script, as a user would."""

from __future__ import annotations

import re

import pytest

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
