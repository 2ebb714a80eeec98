"""End-to-end set-up: the installed ``gov-deadlines`` console script, run in a subprocess.

Every test here runs the real command on real files, exactly as a user would, so packaging, the
entry point, encodings on the pipes and exit statuses are all under test.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

# The column names the batch appends, in order (English and Chinese), written out here rather
# than imported so a renamed column breaks a test instead of passing silently.
COLUMNS_EN = [
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
]
COLUMNS_ZH = [
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
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: a large register (seconds); runs by default, skip with -m 'not slow'"
    )


class CLI:
    """Runs the installed console script with a clean, predictable environment."""

    def __init__(self, exe: str) -> None:
        self.exe = exe

    def env(self, lang: str = "C.UTF-8") -> dict[str, str]:
        """The parent's environment with the locale pinned and CI unset (no progress, no hints)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
        env.pop("CI", None)
        env["LANG"] = lang
        return env

    def __call__(
        self,
        *args: str | os.PathLike[str],
        stdin: str | bytes | None = None,
        cwd: Path | None = None,
        lang: str = "C.UTF-8",
        timeout: float = 120,
    ) -> Result:
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [self.exe, *map(str, args)],
            input=data,
            capture_output=True,
            cwd=cwd,
            env=self.env(lang),
            timeout=timeout,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr.decode("utf-8"))


@dataclasses.dataclass(frozen=True)
class Result:
    """A finished command. ``stdout`` is decoded without newline translation, so a ``\\r``
    inside a CSV cell survives; ``raw`` is the bytes as written."""

    returncode: int
    raw: bytes
    stderr: str

    @property
    def stdout(self) -> str:
        return self.raw.decode("utf-8")

    @property
    def lines(self) -> list[str]:
        """stdout split at ``\\n`` (the CLI writes ``\\n`` line ends to a pipe)."""
        text = self.stdout
        return text[:-1].split("\n") if text.endswith("\n") else text.split("\n") if text else []


@pytest.fixture(scope="session")
def cli() -> CLI:
    """The ``gov-deadlines`` script on PATH; the tests skip, saying why, when it is not there."""
    exe = shutil.which("gov-deadlines")
    if exe is None:
        pytest.skip(
            "console script 'gov-deadlines' not on PATH: install the project "
            "(pip install -e .) to run the end-to-end tests"
        )
    return CLI(exe)


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    lineterminator: str = "\r\n",
) -> Path:
    """Write ``rows`` (header first) as CSV bytes in ``encoding``; returns ``path``."""
    import io

    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=lineterminator).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def read_csv(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    """All records of a CSV file, blank ones included (as ``[]``); a leading BOM is dropped
    (whether there is one is tested on its own)."""
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def parse_csv_text(text: str) -> list[list[str]]:
    """All records of CSV text (a command's stdout)."""
    import io

    return list(csv.reader(io.StringIO(text, newline="")))
