"""The explanation of a computation, as data: ordered steps and findings, each with its citation.

Evaluation records steps; turning them into Chinese or English text is
:mod:`gov_deadlines.explain`'s job, and into JSON is :meth:`Trace.to_json`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from gov_deadlines.rules.model import Citation

__all__ = ["Finding", "Step", "Trace", "jsonable"]


@attrs.frozen
class Step:
    """One step of a computation: a code (``"rollover"``), its parameters and its legal basis.

    >>> Step("rollover", {"from": dt.date(2024, 2, 10), "to": dt.date(2024, 2, 18)}).code
    'rollover'
    """

    code: str
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    citation: Citation | None = None

    def text(self, lang: str = "zh") -> str:
        """This step in words."""
        from gov_deadlines.explain import render_step

        return render_step(self, lang)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: code, params (dates as ISO strings), citation."""
        out: dict[str, Any] = {"code": self.code, "params": jsonable(self.params)}
        if self.citation is not None:
            out["citation"] = self.citation.short("zh")
        return out


#: A problem (violation) or a caution (warning) found in a case; same shape as a step.
Finding = Step


@attrs.frozen
class Trace:
    """The ordered steps of one computation.

    >>> Trace(()).render("en")
    ''
    """

    steps: tuple[Step, ...] = ()

    def render(self, lang: str = "zh") -> str:
        """The steps as numbered lines of text in ``lang`` (``"zh"`` or ``"en"``)."""
        return "\n".join(f"{i}. {s.text(lang)}" for i, s in enumerate(self.steps, 1))

    def to_json(self) -> list[dict[str, Any]]:
        """The steps as JSON-ready dicts."""
        return [s.to_json() for s in self.steps]

    def __iter__(self) -> Any:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)


_PLAIN = frozenset({str, int, float, bool})


def jsonable(value: Any) -> Any:
    """Dates, times, tuples and mappings turned into JSON-ready values."""
    if value is None or type(value) in _PLAIN:  # most values: no ABC check (a batch has many)
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Step):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
