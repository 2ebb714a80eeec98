"""The extractor's patterns and vocabulary (``data/*.toml``), read once per process."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

__all__ = ["load_data"]

_DATA = Path(__file__).parent / "data"


@functools.cache
def load_data(name: str) -> dict[str, Any]:
    """The table of ``data/<name>.toml``."""
    import tomllib

    with (_DATA / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)
