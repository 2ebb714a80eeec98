"""Every user-facing word, in Chinese and English, as data; and the one function that renders it.

The catalog is a set of TOML files in ``data/``, one per area (``cli``, ``explain``, ``help``,
...). A key is ``area.name`` (``"words.status.late"``); each entry holds a ``zh`` and an ``en``
template in :meth:`str.format` syntax, with the same fields in both. An area's file is read the
first time one of its keys is asked for, so a command that prints nothing reads none of them.

This module sits at the bottom of the package: anything may import it, it imports nothing of
``gov_deadlines``.

>>> text("words.status.late", "zh"), text("words.status.late", "en")
('逾期', 'late')
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TypeVar

__all__ = ["LANGS", "area", "fields", "has", "keys", "os_error", "pick", "text", "texts"]

#: The languages of the catalog; any other ``lang`` value is treated as English.
LANGS = ("zh", "en")

_DATA = Path(__file__).parent / "data"
_T = TypeVar("_T")


def text(key: str, lang: str, /, **fields: object) -> str:
    """The message ``key`` in ``lang`` (``"zh"``; anything else is English), fields filled in.

    >>> text("words.unit.workdays", "zh")
    '个工作日'
    """
    name, _, rest = key.partition(".")
    entry = area(name)[rest]  # KeyError: a bug, caught by tests/unit/test_messages.py
    return entry[0 if lang == "zh" else 1].format(**fields)


def os_error(exc: OSError, lang: str) -> str:
    """What went wrong with a file, in ``lang``: by its errno where the catalog has a word for
    it (``cli.os_error.*``; the operating system's own text is English here), else the system's.

    >>> os_error(FileNotFoundError(2, "No such file or directory"), "zh")
    '文件或目录不存在'
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    key = f"cli.os_error.{name}"
    return text(key, lang) if name and has(key) else str(exc.strerror or exc)


def pick(lang: str, zh: _T, en: _T) -> _T:
    """Of a value that data holds in both languages (a rule's title), the one for ``lang``:
    the same choice as :func:`text` makes, for words that are not in the catalog.

    >>> pick("zh", "依申请公开答复", "Reply to a request")
    '依申请公开答复'
    """
    return zh if lang == "zh" else en


def texts(name: str, lang: str) -> dict[str, str]:
    """Every entry of area ``name`` in ``lang``, unformatted: ``{"late": "逾期", ...}``.

    >>> texts("words", "en")["status.late"]
    'late'
    """
    i = 0 if lang == "zh" else 1
    return {k: pair[i] for k, pair in area(name).items()}


def has(key: str) -> bool:
    """Whether the catalog has ``key``: for codes that come from data (a source's kind), which
    are shown as they are when the catalog has no word for them."""
    name, _, rest = key.partition(".")
    return _exists(name) and rest in area(name)


@functools.cache
def _exists(name: str) -> bool:
    # Asked once per verdict in a batch: the file system is asked once per area.
    return (_DATA / f"{name}.toml").is_file()


@functools.cache
def area(name: str) -> dict[str, tuple[str, str]]:
    """All entries of one area, ``name -> (zh, en)``, read once from ``data/<name>.toml``."""
    import tomllib  # deferred: only a command that prints words pays for the parser

    with (_DATA / f"{name}.toml").open("rb") as f:
        table = tomllib.load(f)
    out: dict[str, tuple[str, str]] = {}
    _flatten(table, "", out)
    return out


def _flatten(table: dict[str, object], path: str, out: dict[str, tuple[str, str]]) -> None:
    # A table holding "zh" is an entry; any other table is a group of entries ([status.late]).
    if "zh" in table:
        zh, en = table["zh"], table.get("en")
        if not isinstance(zh, str) or not isinstance(en, str):
            raise TypeError(f"message {path!r}: zh and en must both be strings")
        out[path] = (zh, en)
        return
    for k, v in table.items():
        if not isinstance(v, dict):
            raise TypeError(f"message {path}.{k}: expected a table with zh and en")
        _flatten(v, f"{path}.{k}" if path else k, out)


def keys() -> list[str]:
    """Every key of every area, ``area.name``, sorted (for tests and tools)."""
    return sorted(f"{p.stem}.{k}" for p in _DATA.glob("*.toml") for k in area(p.stem))


def fields(template: str) -> set[str]:
    """The field names a template uses: ``"{n:,} rows"`` -> ``{"n"}``."""
    import string  # deferred: only tests and tools ask

    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names
