"""Which language the CLI speaks: --lang on the command line, else the locale, on Windows too.
The decision is a pure function of the settings; the OS is never mocked."""

from __future__ import annotations

import pytest

from gov_deadlines.cli.parsing import pre_scan_lang
from gov_deadlines.cli.text import choose_lang


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.Big5"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),  # LC_ALL wins
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # then LC_MESSAGES
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # an empty variable is not set
        ({}, "en"),
    ],
)
def test_locale_variables(environ, expected):
    """LC_ALL, then LC_MESSAGES, then LANG decide, as POSIX says."""
    assert choose_lang(environ) == expected


@pytest.mark.parametrize(
    ("langid", "expected"),
    [
        (0x0804, "zh"),  # zh-CN
        (0x0404, "zh"),  # zh-TW
        (0x0C04, "zh"),  # zh-HK
        (0x1004, "zh"),  # zh-SG
        (0x1404, "zh"),  # zh-MO
        (0x0409, "en"),  # en-US
        (0x0411, "en"),  # ja-JP
    ],
)
def test_windows_display_language(langid, expected):
    """On Windows the display language (GetUserDefaultUILanguage) decides: primary language
    0x04 is Chinese, whatever the sublanguage."""
    assert choose_lang({}, ui_langid=langid) == expected


def test_windows_variables_still_win():
    """A locale variable set explicitly (MSYS, Cygwin, a CI job) wins over Windows' setting."""
    assert choose_lang({"LANG": "en_US.UTF-8"}, ui_langid=0x0804) == "en"
    assert choose_lang({"LANG": "zh_CN.UTF-8"}, ui_langid=0x0409) == "zh"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chinese (Simplified)_China", "zh"),  # what locale.getlocale() says on Windows
        ("Chinese (Traditional)_Taiwan", "zh"),
        ("zh_CN", "zh"),
        ("English_United States", "en"),
        (None, "en"),
    ],
)
def test_locale_name_when_no_display_language(name, expected):
    """Without a display language, the locale's name decides."""
    assert choose_lang({}, locale_name=name) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "zh", "add", "2024-02-08", "5"], "zh"),
        (["add", "--lang=en", "2024-02-08", "5"], "en"),
        (["add", "--la", "zh"], "zh"),  # argparse accepts the abbreviation
        (["add", "2024-02-08", "5"], None),
        (["add", "--lang"], None),  # no value: argparse will say so
        (["add", "--lang", "fr"], None),  # not a choice: argparse will say so
        (["add", "--", "--lang", "zh"], None),  # after --, data
        (["check", "--lan=zh", "x.csv"], "zh"),
    ],
)
def test_pre_scan(argv, expected):
    """--lang is found on the command line before parsing, so --help and argparse's errors
    are in the language asked for."""
    assert pre_scan_lang(argv) == expected
