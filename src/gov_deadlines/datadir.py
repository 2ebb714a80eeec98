"""The data directory (数据目录): yearly calendar data and local rule catalogs without a release.

An agency puts each new year's holiday arrangement, and its own rule catalogs, in one shared
directory; every machine that points ``GOV_DEADLINES_DATA`` (or ``--data-dir``) at it uses them
without upgrading the package. The layout is flat::

    DIR/2027.json           a holiday-cn year file (or a regional overlay naming its "region")
    DIR/local-rules.toml    a rule catalog

This module only lists the directory: it reads no file's content (the calendar and the catalog
do, and say which file is wrong). It sits at the bottom of the package, next to ``errors``.

>>> from_env({"GOV_DEADLINES_DATA": ""}) is None   # empty means unset
True
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

import attrs

from gov_deadlines.errors import DataDirError

__all__ = ["DATA_ENV", "DataDir", "Signature", "from_env", "scan"]

#: The environment variable naming the data directory (empty or unset: none).
DATA_ENV = "GOV_DEADLINES_DATA"

#: ``(file name, size in bytes, modification time in ns)`` of every file a :class:`DataDir` uses.
Signature = tuple[tuple[str, int, int], ...]

# Left by editors and by our own atomic writes (".gov-deadlines.*.tmp"), never data.
_BACKUP_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak")

# The fast path of from_env(): os.environ's own dict and encoded key. os.environ.get() costs
# about 1 us when the variable is unset (two KeyErrors raised and caught inside); the dict answers
# in tens of ns. Setting, deleting or patching (monkeypatch, mock.patch.dict) os.environ updates
# that same dict; a program that replaces os.environ itself takes the ordinary path.
_ENVIRON = os.environ
_ENV_GET = getattr(os.environ, "_data", {}).get
_ENV_KEY = os.environ.encodekey(DATA_ENV)


@attrs.frozen
class DataDir:
    """The usable files of a data directory, listed once by :func:`scan`.

    ``path`` is the directory as given; ``calendar_files`` are its ``*.json`` files and
    ``rule_files`` its ``*.toml`` files, each sorted by name, directly in the directory (no
    subdirectories; hidden files and editor backups are left out). ``signature`` holds
    ``(name, size, mtime_ns)`` of every one of them: compare two scans' signatures to tell
    whether anything changed (a file added, removed or rewritten).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "2027.json").write_text("{}")
    ...     [p.name for p in scan(d).calendar_files]
    ['2027.json']
    """

    path: Path
    calendar_files: tuple[Path, ...]
    rule_files: tuple[Path, ...]
    signature: Signature

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file used, calendar and rule files, sorted by name."""
        return tuple(sorted((*self.calendar_files, *self.rule_files), key=lambda p: p.name))


def scan(path: str | os.PathLike[str]) -> DataDir:
    """List the data directory at ``path``.

    Raises :class:`~gov_deadlines.errors.DataDirError` (a ``CalendarDataError``) when ``path``
    does not exist, is not a directory or cannot be read; the message says what to do.

    >>> scan("/no/such/dir")
    Traceback (most recent call last):
    ...
    gov_deadlines.errors.DataDirError: data directory /no/such/dir does not exist; ...
    """
    p = Path(os.fspath(path))
    try:
        if not stat.S_ISDIR(p.stat().st_mode):
            raise DataDirError.coded("errors.data_dir.not_a_directory", path=p)
        entries = sorted(os.scandir(p), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):  # NotADirectoryError: a file in the path
        raise DataDirError.coded("errors.data_dir.missing", path=p) from None
    except OSError as exc:
        raise DataDirError.coded("errors.data_dir.unreadable", path=p, reason=exc) from None
    calendars: list[Path] = []
    rules: list[Path] = []
    signature: list[tuple[str, int, int]] = []
    for entry in entries:
        name = entry.name
        lower = name.lower()
        if name.startswith(".") or lower.endswith(_BACKUP_SUFFIXES):
            continue
        kind = calendars if lower.endswith(".json") else rules if lower.endswith(".toml") else None
        if kind is None:
            continue
        try:
            if entry.is_dir():  # subdirectories are not part of the layout
                continue
            st = entry.stat()  # follows a symlink; a dangling one is an error, not skipped
        except OSError as exc:  # a dangling symlink, or gone since the listing
            raise DataDirError.coded(
                "errors.data_dir.unreadable", path=p / name, reason=exc
            ) from None
        kind.append(p / name)
        signature.append((name, st.st_size, st.st_mtime_ns))
    return DataDir(p, tuple(calendars), tuple(rules), tuple(signature))


def from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The data directory named by ``GOV_DEADLINES_DATA`` in ``environ`` (default: the process
    environment), or None when it is unset or empty.

    Cheap enough to call per computation (``check()`` does, through ``WorkCalendar.default()``).

    >>> from_env({"GOV_DEADLINES_DATA": "/srv/gov-deadlines"})
    '/srv/gov-deadlines'
    """
    if environ is None:
        if os.environ is _ENVIRON:
            raw = _ENV_GET(_ENV_KEY)
            return os.environ.decodevalue(raw) if raw else None
        environ = os.environ
    return environ.get(DATA_ENV) or None
