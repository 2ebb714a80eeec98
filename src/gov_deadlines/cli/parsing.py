"""argparse in the user's language: help texts from the message catalog, argparse's own words
(``usage:``, ``options``, its error messages) in Chinese under ``--lang zh``.

The language must be known before the parser is built and before it parses, so it is read from
the command line first (:func:`pre_scan_lang`), then from the locale. Help texts are catalog keys
(``"help.add.date"``) turned into words only when help is printed, so a command that prints no
help reads no catalog file.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["Parser", "pre_scan_lang"]

_KEY_PREFIX = "help."


def pre_scan_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` on the command line, before parsing; None when not given.

    Accepts ``--lang zh``, ``--lang=zh`` and the abbreviations argparse accepts (``--la zh``).

    >>> pre_scan_lang(["add", "--lang", "zh", "2024-02-08", "5"]), pre_scan_lang(["add"])
    ('zh', None)
    """
    for i, arg in enumerate(argv):
        if arg == "--":  # what follows is data, not options
            break
        name, eq, value = arg.partition("=")
        if len(name) >= 3 and "--lang".startswith(name):
            value = value if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            if value in ("zh", "en"):
                return value
    return None


@functools.cache
def _argparse_words(lang: str) -> dict[str, str]:
    """argparse's English msgids -> their text in ``lang``, from ``messages/data/argparse.toml``
    (English: each msgid to itself)."""
    from gov_deadlines.messages import texts

    english, theirs = texts("argparse", "en"), texts("argparse", lang)
    return {english[k]: theirs[k] for k in english}


def _word(words: str, lang: str) -> str:
    """A catalog key's text, or one of argparse's own words in ``lang``; anything else as is."""
    if words.startswith(_KEY_PREFIX):
        from gov_deadlines.messages import text  # deferred: only help and errors need words

        return text(words, lang)
    return _argparse_words(lang).get(words, words)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help laid out as written in the catalog (epilogs hold aligned examples), in ``lang``."""

    def __init__(self, prog: str, *, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._lang = lang

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return _word(action.help, self._lang) if action.help else action.help

    def start_section(self, heading: str | None) -> None:
        super().start_section(_word(heading, self._lang) if heading else heading)

    def _format_text(self, text: str) -> str:
        return super()._format_text(_word(text, self._lang))

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # prefix "" (a subcommand's prog is computed that way) must stay empty
        prefix = _word("usage: ", self._lang) if prefix is None else prefix
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser speaking ``lang``: every parser made from it (subcommands too) uses the
    catalog formatter, and parsing errors come out in ``lang``.

    >>> Parser(prog="x", lang="zh").format_usage()
    '用法：x [-h]\\n'
    """

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        # Any formatter_class given is replaced: the catalog's texts are laid out by hand.
        kwargs["formatter_class"] = functools.partial(_Formatter, lang=lang)
        super().__init__(*args, **kwargs)
        self.lang = lang

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", functools.partial(Parser, lang=self.lang))
        return super().add_subparsers(**kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _speaking(self.lang):
            return super().parse_known_args(args, namespace)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> argparse.Namespace:
        with _speaking(self.lang):  # "unrecognized arguments" is worded here, not above
            parsed: argparse.Namespace = super().parse_args(args, namespace)
        return parsed


@contextlib.contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """argparse words its errors through its module-level gettext functions ``_`` and
    ``ngettext`` when it raises them; while parsing, they answer in ``lang``. (A gettext
    translation would need compiled .mo files and a global text domain; this keeps the words in
    the one catalog.) The catalog file is read only if argparse asks for a word."""
    module = vars(argparse)  # its globals, which _ and ngettext are looked up in
    saved = module["_"], module["ngettext"]

    def ngettext(singular: str, plural: str, n: int) -> str:
        return _word(singular if n == 1 else plural, lang)

    module["_"], module["ngettext"] = functools.partial(_word, lang=lang), ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved
