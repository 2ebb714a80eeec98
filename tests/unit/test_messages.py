"""The message catalog: every key in both languages with the same fields, every key the code
asks for present, and no zh/en branch left in the code outside the catalog."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gov_deadlines import messages
from gov_deadlines.cli.text import t

SRC = Path(__file__).resolve().parents[2] / "src" / "gov_deadlines"

#: Entries whose languages use different fields on purpose, with the reason.
DIFFERENT_FIELDS = {
    # en shows both titles ("依申请公开答复 / Reply to ..."); zh only its own
    "cli.rule.head": {"title_en"},
    # the parser's detail is English ("day is out of range for month"); zh says what to check
    "errors.date.impossible": {"detail"},
    # a step's params carry both titles and both schedules; each language shows its own
    "explain.rule.text": {"title_zh", "title_en"},
    "explain.scheduled.text": {"schedule_zh", "schedule_en"},
    # en names the holiday in English with its Chinese original beside it; zh needs it once
    "notice.holiday": {"name"},
    # en: the status code scripts match on, and the word when it differs; zh: the word
    "cli.status_line": {"code", "verdict", "note"},
    # what another library said (openpyxl, calamine, csv, the workbook copier) is English: en
    # quotes it, zh says what to do instead
    "io.csv.malformed": {"detail"},
    "io.xlsx.unreadable": {"kind", "detail"},
    "io.xls.unreadable": {"kind", "detail"},
    "io.xlsx.rows_unreadable": {"kind", "detail"},
    "io.xls.sheet_unreadable": {"kind", "detail"},
    "io.xls.sheet_open": {"detail"},
    "io.output.copy": {"detail"},
    # tomllib's English description of a syntax error
    "errors.rule_data.toml": {"detail"},
    # the codec's and json's English reasons; "top level" is a field name only in English
    "errors.calendar_data.utf8": {"reason"},
    "errors.calendar_data.json": {"detail"},
    "errors.calendar_data.top_level": {"field"},
    # a notice refused: the English weekday and day label, and Python's reason, are en's only
    "errors.notice.not_a_date": {"detail"},
    "errors.notice.count_unreadable": {"detail"},
    "errors.notice.moved_weekday": {"weekday_en"},
    "errors.notice.makeup_weekday": {"weekday_en"},
    "errors.notice.weekday": {"weekday_en"},
    "errors.notice.statutory": {"label_en"},
    # json's English reason for a line that is not JSON
    "cli.report_not_json": {"detail"},
}

#: Modules still wording text with a zh/en branch, with how many branches: the allow-list may
#: only shrink. Moving a module's words into messages/data/ removes its line here.
BRANCHES_LEFT: dict[str, int] = {
    # not words: a CSV for a Chinese user gets a byte order mark, so that Excel reads it
    "cli/batch.py": 1,
}


def test_catalog_loads():
    """Every data file parses and yields entries."""
    assert len(messages.keys()) > 100


@pytest.mark.parametrize("key", messages.keys())
def test_both_languages_same_fields(key):
    """Each entry has zh and en, non-empty, with the same {fields} (a field only one language
    fills would be a KeyError or a silently dropped value at a user's run)."""
    zh, en = messages.area(key.partition(".")[0])[key.partition(".")[2]]
    assert zh.strip() and en.strip()
    diff = messages.fields(zh) ^ messages.fields(en)
    assert diff == DIFFERENT_FIELDS.get(key, set()), f"{key}: fields differ: {diff}"


def _calls() -> list[tuple[str, int, str, ast.expr]]:
    """(file, line, function name, first argument) of every t(...) and text(...) call in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if isinstance(node, ast.Call) and name in ("t", "text") and node.args:
                rel = str(path.relative_to(SRC))
                found.append((rel, node.lineno, name, node.args[0]))
    return found


def _prefix(name: str) -> str:
    return "cli." if name == "t" else ""


def test_every_literal_key_exists():
    """Every t("key") / text("area.key") with a literal key names an entry of the catalog."""
    missing = [
        f"{f}:{line} {arg.value}"
        for f, line, name, arg in _calls()
        if isinstance(arg, ast.Constant)
        and isinstance(arg.value, str)
        and not messages.has(_prefix(name) + arg.value)
    ]
    assert missing == []


def test_every_computed_key_has_its_group():
    """t(f"group.{code}") names a group the catalog has (the codes are checked where they are
    data: test_rule_codes_have_words, test_day_words)."""
    keys = set(messages.keys())
    missing = []
    for f, line, name, arg in _calls():
        if isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
            head = _prefix(name) + str(arg.values[0].value)
            if not any(k.startswith(head) for k in keys):
                missing.append(f"{f}:{line} {head}")
    assert missing == []


def test_every_help_key_exists():
    """Every "help.…" string in the CLI is a key of messages/data/help.toml."""
    missing = []
    for path in sorted((SRC / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if re.fullmatch(r"help\.[\w.]+", value) and not messages.has(value):
                    missing.append(f"{path.name}:{node.lineno} {value}")
    assert missing == []


def test_help_texts_have_no_percent_sign():
    """argparse %-formats help texts: a lone % would crash --help."""
    for zh, en in messages.area("help").values():
        assert "%" not in zh + en


def test_rule_codes_have_words():
    """Every code a rule's fields can hold has a word in both languages (rules ID)."""
    from typing import get_args

    from gov_deadlines.periods import Start, TriggerOnRestDay
    from gov_deadlines.rules.model import Actor, Before, RuleKind

    groups = {"rule_kind": RuleKind, "actor": Actor, "before": Before, "start": Start,
              "on_rest": TriggerOnRestDay}  # fmt: skip
    for group, literal in groups.items():
        for code in get_args(literal):
            assert messages.has(f"cli.{group}.{code}"), (group, code)


def test_day_words():
    """Every kind of day has a word, for sentences and for is-workday."""
    from typing import get_args

    from gov_deadlines.calendar.day import DayKind

    for kind in get_args(DayKind):
        assert messages.has(f"words.kind.{kind}") and messages.has(f"cli.day_kind.{kind}")


def test_t_is_the_catalog():
    """cli.text.t(key) is messages.text("cli." + key), same signature as before."""
    assert t("bad_int", "en", value="x") == "'x' is not a whole number"
    assert t("bad_int", "zh", value="x") == messages.text("cli.bad_int", "zh", value="x")


def test_unknown_language_is_english():
    """Any lang other than zh gets English, as before the catalog."""
    assert messages.text("words.status.late", "fr") == "late"


def test_missing_key_is_an_error():
    """A key the catalog lacks raises KeyError (a bug), never prints something made up."""
    with pytest.raises(KeyError):
        messages.text("cli.no_such_key", "zh")
    assert not messages.has("nosuch.key") and not messages.has("cli.no_such_key")


def _branches(path: Path) -> list[int]:
    """Lines of path that choose words by language: ``lang == "zh"``, ``"en" != x``, ``if zh``
    (a name bound to such a comparison). Membership tests (``lang in ("zh", "en")``) validate,
    they do not word, and are not counted."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare) and all(
            isinstance(op, ast.Eq | ast.NotEq) for op in node.ops
        ):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Constant) and s.value in ("zh", "en") for s in sides):
                lines.append(node.lineno)
        elif isinstance(node, ast.If | ast.IfExp) and isinstance(node.test, ast.Name):
            if node.test.id in ("zh", "en"):
                lines.append(node.lineno)
        elif isinstance(node, ast.BoolOp) and any(
            isinstance(v, ast.Name) and v.id in ("zh", "en") for v in node.values
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_no_language_branches_outside_the_catalog():
    """No module outside messages/ words text with an if on the language: words are data."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = str(path.relative_to(SRC))
        if rel.startswith("messages"):
            continue
        lines = _branches(path)
        if len(lines) > BRANCHES_LEFT.get(rel, 0):
            found[rel] = lines
    assert found == {}, "zh/en branches (move the words to messages/data/): " + str(found)


def test_branch_detector_finds_branches(tmp_path):
    """The detector above sees the shapes a branch takes."""
    sample = tmp_path / "m.py"
    sample.write_text(
        'a = "x" if lang == "zh" else "y"\nzh = lang == "zh"\nb = "甲" if zh else "b"\n'
        'c = lang in ("zh", "en")\n',
        encoding="utf-8",
    )
    assert _branches(sample) == [1, 2, 3]


def test_a_command_printing_no_words_reads_no_catalog():
    """add DATE N prints a date: neither the catalog nor the TOML parser is loaded (start-up)."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom gov_deadlines.cli import main\nmain(['add', '2024-02-08', '5'])\n"
        "print(sorted(m for m in sys.modules if m == 'tomllib' or 'messages' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["2024-02-21", "[]"]


def _coded_keys() -> list[tuple[str, int, ast.expr]]:
    """(file, line, key argument) of every Error.coded(key, ...), Words(key, ...) and
    NoticeError.quoting(sentence, key, ...) in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            at = {"coded": 0, "Words": 0, "quoting": 1}.get(name or "")
            if at is not None and len(node.args) > at:
                found.append((str(path.relative_to(SRC)), node.lineno, node.args[at]))
    return found


def test_every_error_code_exists():
    """Every code an error is raised with names an entry (a literal key), or a group of
    entries (an f-string key), of the catalog."""
    keys = set(messages.keys())
    missing = []
    for f, line, arg in _coded_keys():
        if isinstance(arg, ast.Constant) and not messages.has(str(arg.value)):
            missing.append(f"{f}:{line} {arg.value}")
        elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
            head = str(arg.values[0].value)
            if not any(k.startswith(head) for k in keys):
                missing.append(f"{f}:{line} {head}")
    assert len(_coded_keys()) > 80 and missing == []


def test_notice_refusal_codes_exist():
    """The notice parser's refusals (r.fail("code", ...)) are entries of errors.notice."""
    path = SRC / "calendar" / "notice_parser.py"
    codes = [
        node.args[0].value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "fail"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    assert len(codes) > 10
    assert [c for c in codes if not messages.has(f"errors.notice.{c}")] == []


def test_coded_error_english_and_chinese():
    """A coded error's str() is the catalog's English; message("zh") the Chinese; both survive
    pickling (check --jobs hands errors between processes)."""
    import pickle

    from gov_deadlines.errors import NoticeError, RegisterError

    exc = RegisterError.coded("io.cannot_open", path="a.csv", reason=PermissionError(13, "x"))
    assert str(exc) == "register a.csv: cannot open: Permission denied"
    assert exc.message("zh") == "无法打开台账 a.csv：没有访问权限"
    notice = NoticeError.quoting("2月30日放假。", "errors.notice.not_a_date", text="2月30日",
                                 detail="day is out of range for month")  # fmt: skip
    assert notice.message("zh") == "“2月30日”不是存在的日期：「2月30日放假。」"
    for e in (exc, notice):
        again = pickle.loads(pickle.dumps(e))
        assert (str(again), again.message("zh")) == (str(e), e.message("zh"))


def test_raising_a_coded_error_reads_no_catalog():
    """Start-up stays lean: an error is worded only when shown, so raising (and catching) one
    imports neither the catalog nor tomllib."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from gov_deadlines.errors import RegisterError\n"
        "try:\n"
        "    raise RegisterError.coded('io.not_found', path='a.csv')\n"
        "except RegisterError:\n"
        "    pass\n"
        "print('gov_deadlines.messages' in sys.modules, 'tomllib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
