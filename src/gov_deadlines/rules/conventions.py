"""Citations of the Civil Code's counting conventions (民法典 Arts. 201-203), read from data."""

from __future__ import annotations

import functools
from importlib import resources

from gov_deadlines.rules.model import Citation

__all__ = ["convention"]


@functools.cache
def _load() -> dict[str, Citation]:
    import tomllib

    text = (resources.files("gov_deadlines.rules") / "conventions.toml").read_text("utf-8")
    return {
        name: Citation(
            law=t["law"],
            articles=tuple(t["articles"]),
            effective_from=t.get("effective_from"),
            quote=t.get("quote"),
        )
        for name, t in tomllib.loads(text).items()
    }


def convention(name: str) -> Citation:
    """The citation of a counting convention: ``start``, ``hours``, ``month_end``, ``rollover``,
    ``cutoff``.

    >>> convention("rollover").short("en")
    '中华人民共和国民法典 Art. 203'
    """
    return _load()[name]
