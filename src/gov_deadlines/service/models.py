"""The shapes of requests, validated at the edge (pydantic), and nowhere else.

Dates are read by the library's one date parser (:func:`gov_deadlines.dates.parse_date`), so the
service takes what the CLI takes: ``2024-02-08``, ``2024/2/8``, ``2024年2月8日``, an ISO datetime
(``2024-02-08T17:30+08:00``, read in China time) for hour periods. A value that cannot be read is
a 422 naming the field, in the request's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from gov_deadlines.dates import parse_date
from gov_deadlines.errors import DateParseError, GovDeadlinesError

__all__ = ["CaseIn", "DateText", "PauseIn", "UnknownYearsMode", "field_failure"]


def field_failure(code: str, exc: GovDeadlinesError) -> PydanticCustomError:
    """A validation error carrying the library's message in both languages (rendered by
    :mod:`.problems` with the field's name)."""
    return PydanticCustomError(
        "gd_field", "{en}", {"code": code, "zh": exc.message("zh"), "en": exc.message("en")}
    )


def _date(value: Any) -> dt.date:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise field_failure("not_date", DateParseError("unrecognised", value))
    try:
        return parse_date(value)
    except DateParseError as exc:
        raise field_failure("not_date", exc) from None
    except (OverflowError, ValueError) as exc:  # past the last date in China time
        raise field_failure("not_date", DateParseError("impossible", value, str(exc))) from None


#: A date (or a date and time) as people write it; see the module's docstring.
DateText = Annotated[
    dt.date,
    PlainValidator(_date),
    WithJsonSchema(
        {
            "type": "string",
            "description": "2024-02-08, 2024/2/8, 2024年2月8日, or 2024-02-08T17:30+08:00",
            "examples": ["2024-02-08"],
        }
    ),
]

#: What to do with a day of a year whose arrangement is not loaded (see the calendar docs).
UnknownYearsMode = Literal["error", "weekends"]


class PauseIn(BaseModel):
    """Time not counted (不计算在期限内的时间), both ends included; ``kind`` names what it was
    for (``third_party_consultation``...), checked against the rule's allowed kinds."""

    model_config = ConfigDict(extra="forbid")

    start: DateText
    end: DateText
    kind: str | None = None


class CaseIn(BaseModel):
    """One case: the rule, the trigger and the facts, as :func:`gov_deadlines.check` takes them.

    ``rule`` is a rule id of the catalog (``ogi.request.reply``) or a period
    (``20wd``, ``20个工作日``, ``15日``). ``extension`` is a whole number of the rule's units
    or a period with its unit (``20个工作日``). ``channel`` is how a request arrived
    (``in_person``, ``mail``, ``online``, ``fax``, ``email``).
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"rule": "ogi.request.reply", "trigger": "2024-02-08", "done": "2024-03-14"}
            ]
        },
    )

    rule: str = Field(min_length=1, max_length=200)
    trigger: DateText
    done: DateText | None = None
    as_of: DateText | None = None
    pauses: list[PauseIn] = Field(default_factory=list, max_length=1000)
    extension: int | str | None = None
    restart: DateText | None = None
    channel: str | None = None
