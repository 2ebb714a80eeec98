"""The one parser for dates as people and spreadsheets write them.

Accepted: ``2024-02-08``, ``2024/2/8``, ``2024.2.8``, ``2024年2月8日``, ``20240208``, Excel serial
numbers (1900 date system: serial 1 is 1900-01-01 and serial 60 is Excel's fictitious
1900-02-29, which is refused; as text, only five-digit serials, so ``2024`` is no date), ISO
datetimes (``2024-02-08T17:30``, with ``+08:00`` converted to China Standard Time) and a date
followed by ``17:30`` or ``17:30:00``. Full-width digits and punctuation are read as their
ASCII forms. Anything ambiguous (``13/02/2024``, ``02/13/2024``) or impossible (``2024-02-30``,
``0``) raises :class:`DateParseError`, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re

# DateParseError lives in errors.py with the other errors; importable from here as before.
from gov_deadlines.errors import DateParseError

__all__ = ["DateParseError", "parse_date"]

_CST = dt.timezone(dt.timedelta(hours=8))
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 onwards: epoch + serial
_MAX_SERIAL = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days

_TIME = (
    r"(?:[ T]+(?P<h>\d{1,2})(?::|时)(?P<mi>\d{1,2})"
    r"(?:(?::|分)(?P<s>\d{1,2})(?:\.\d+)?秒?)?分?)?"
)
_YMD = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TIME)
_ZH = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?" + _TIME)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")
_DAY_FIRST = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


def _build(value: object, y: int, m: int, d: int, h: str | None, mi: str | None,
           s: str | None) -> dt.date:  # fmt: skip
    try:
        day = dt.date(y, m, d)
    except ValueError as exc:
        raise DateParseError("impossible", value, str(exc)) from None
    if h is None:
        return day
    try:
        return dt.datetime.combine(day, dt.time(int(h), int(mi or 0), int(s or 0)))
    except ValueError as exc:
        raise DateParseError("impossible", value, str(exc)) from None


def _from_serial(value: object, serial: float) -> dt.date:
    if serial != serial or serial < 1 or serial > _MAX_SERIAL:  # NaN, 0, negative, too large
        raise DateParseError("serial", value, f"Excel serials run from 1 to {_MAX_SERIAL}")
    whole = int(serial)
    if whole == 60:
        raise DateParseError("serial", value, "60 is 1900-02-29, a day that never existed")
    # Excel counts 1900 as a leap year: serials before the phantom day are one day earlier.
    day = _EXCEL_EPOCH + dt.timedelta(days=whole + (1 if whole < 60 else 0))
    fraction = serial - whole
    if not fraction:
        return day
    seconds = round(fraction * 86400)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def parse_date(value: object) -> dt.date:
    """Read a date (or a datetime, when a time is given) from text, a number or a date.

    Returns a :class:`datetime.datetime` when the value carries a time of day, else a
    :class:`datetime.date`.

    >>> parse_date("2024年2月8日"), parse_date("2024/2/8 17:30")
    (datetime.date(2024, 2, 8), datetime.datetime(2024, 2, 8, 17, 30))
    >>> parse_date(45330)   # Excel serial
    datetime.date(2024, 2, 8)
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(_CST).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateParseError("unrecognised", value)
    if isinstance(value, int | float):
        return _from_serial(value, float(value))
    if value is None:
        raise DateParseError("empty", value)
    if not isinstance(value, str):
        raise DateParseError("unrecognised", value)
    import unicodedata  # deferred: only text needs folding

    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        raise DateParseError("empty", value)
    for pattern in (_YMD, _ZH):
        m = pattern.fullmatch(text)
        if m:
            g = m.groupdict()
            return _build(value, int(g["y"]), int(g["m"]), int(g["d"]), g["h"], g["mi"], g["s"])
    m = _COMPACT.fullmatch(text)
    if m:
        return _build(value, int(m["y"]), int(m["m"]), int(m["d"]), None, None, None)
    if "T" in text or re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.*", text):
        try:
            return parse_date(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    if _SERIAL.fullmatch(text) and len(text.split(".")[0]) == 5:
        # As text, only five-digit serials (1927-2173): "2024" or "1" is no date anybody meant.
        return _from_serial(value, float(text))
    if _DAY_FIRST.fullmatch(text):
        raise DateParseError("ambiguous", value)
    raise DateParseError("unrecognised", value)
