"""The CLI's access to the message catalog (:mod:`gov_deadlines.messages`), its result columns and
the choice of language. The words themselves are data in ``messages/data/``."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

__all__ = ["COLUMNS", "choose_lang", "default_lang", "os_error", "t"]

#: The appended columns of a batch check, English and Chinese; spreadsheet formulas refer to them.
#: ``calendar`` (日历版本) holds the calendar fingerprint, so a report can be reproduced.
COLUMNS: dict[str, tuple[str, ...]] = {
    "en": (
        "due",
        "status",
        "verdict",
        "workdays_late",
        "days_late",
        "workdays_left",
        "provisional",
        "rule",
        "citation",
        "explanation",
        "error",
        "calendar",
    ),
    "zh": (
        "截止日期",
        "状态",
        "结论",
        "逾期工作日",
        "逾期自然日",
        "剩余工作日",
        "临时数据",
        "规则",
        "依据",
        "说明",
        "错误",
        "日历版本",
    ),
}


def t(key: str, lang: str, **params: object) -> str:
    """The CLI message ``key`` in ``lang`` with ``params`` filled in: an alias of
    :func:`gov_deadlines.messages.text` for the keys of ``messages/data/cli.toml`` (add new words
    there, with both zh and en).

    >>> t("bad_int", "en", value="x")
    "'x' is not a whole number"
    """
    from gov_deadlines.messages import text  # deferred: a command printing no words skips it

    return text(f"cli.{key}", lang, **params)


def os_error(exc: OSError, lang: str) -> str:
    """What went wrong with a file, in ``lang``: by its errno where the catalog has a word for
    it (the operating system's own text is English here), else the system's text.

    >>> os_error(FileNotFoundError(2, "No such file or directory"), "zh")
    '文件或目录不存在'
    """
    from gov_deadlines import messages

    return messages.os_error(exc, lang)


def default_lang(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """``"zh"`` when the user's locale is Chinese, else ``"en"``: the locale variables (LC_ALL,
    LC_MESSAGES, LANG) first, then on Windows the user's display language and locale.

    >>> default_lang({"LANG": "zh_CN.UTF-8"})
    'zh'
    """
    env = os.environ if environ is None else environ
    ui_langid = locale_name = None
    if sys.platform == "win32" and not any(env.get(n) for n in _LOCALE_VARS):
        ui_langid, locale_name = _windows_locale()
    return choose_lang(env, ui_langid, locale_name)


_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


def choose_lang(
    environ: Mapping[str, str], ui_langid: int | None = None, locale_name: str | None = None
) -> str:
    """The language for these locale settings (a pure function: the OS is read elsewhere).

    ``ui_langid`` is Windows' user interface LANGID (``GetUserDefaultUILanguage``): every Chinese
    one (zh-CN 0x0804, zh-TW 0x0404, zh-HK 0x0C04, ...) has the primary language 0x04.
    ``locale_name`` is ``locale.getlocale()[0]``: ``zh_CN`` or, on Windows,
    ``Chinese (Simplified)_China``.

    >>> choose_lang({}, ui_langid=0x0804), choose_lang({"LANG": "C.UTF-8"}, ui_langid=0x0804)
    ('zh', 'en')
    """
    for name in _LOCALE_VARS:  # set explicitly, they win (also under MSYS/Cygwin on Windows)
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if ui_langid is not None:
        return "zh" if ui_langid & 0x3FF == 0x04 else "en"
    if locale_name:
        return "zh" if locale_name.lower().startswith(("zh", "chinese")) else "en"
    return "en"


def _windows_locale() -> tuple[int | None, str | None]:
    """The Windows display language (LANGID) and the locale name; None where unavailable."""
    import locale

    langid = None
    try:
        import ctypes

        langid = int(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # not Windows, or no kernel32: fall back to the locale
        pass
    try:
        name = locale.getlocale()[0]
    except ValueError:  # an unknown locale name in the environment
        name = None
    return langid, name
