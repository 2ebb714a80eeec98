"""Writing a command's output file: whole or not at all, never a half-written file in its place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gov_deadlines.cli.text import os_error
from gov_deadlines.cli.usage import UsageError

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: str | bytes, lang: str) -> None:
    """Write ``data`` (text as UTF-8, line ends as given) to ``path`` through a temporary file in
    the same folder, renamed over it at the end: an interrupted run leaves the old file, or
    none. A folder that cannot be written to is a :class:`UsageError` naming ``-o PATH``."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"-o {path}: {os_error(exc, lang)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
