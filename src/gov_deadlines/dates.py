"""The one parser for dates as people and spreadsheets write them.

Accepted: ``2024-02-08``, ``2024/2/8``, ``2024.2.8``, ``2024年2月8日``, ``20240208``, Excel serial
numbers (1900 date system: serial 1 is 1900-01-01 and serial 60 is Excel's fictitious
1900-02-29, which is refused; as text, only five-digit serials, so ``2024`` is no date), ISO
datetimes (``2024-02-08T17:30``, with ``+08:00`` converted to China Standard Time) and a date
followed by ``17:30``, ``17:30:00``, ``下午 4:45`` (上午/下午/中午/晚上) or ``16时45分``. Dates as
people type them in registers are read too: spaces around 年月日 (``2024 年 2 月 8 日``), a
weekday after the date (``2024年2月8日星期四``, ``（周四）``; checked against the date), Chinese
numerals (``二〇二四年二月八日``) and Excel's text apostrophe (``'2024-02-08``). Full-width digits
and punctuation are read as their ASCII forms; other digit scripts (Arabic-Indic ``٢``, circled
``①``...) are refused. Anything ambiguous (``13/02/2024``, ``02/13/2024``) or impossible
(``2024-02-30``, ``0``, a weekday that does not match) raises :class:`DateParseError`, never a
guess.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

# DateParseError lives in errors.py with the other errors; importable from here as before.
from gov_deadlines.errors import DateParseError

__all__ = ["DateParseError", "parse_date"]

_CST = dt.timezone(dt.timedelta(hours=8))
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 onwards: epoch + serial
_MAX_SERIAL = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days

_TIME = (
    r"(?:[ T]+(?P<h>\d{1,2})(?::|时|点)(?P<mi>\d{1,2})"
    r"(?:(?::|分)(?P<s>\d{1,2})(?:\.\d+)?秒?)?分?)?"
)
# re.ASCII: \d is 0-9 only (full-width digits are folded to ASCII first; other scripts refused).
_YMD = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _TIME, re.ASCII
)
_ZH = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?" + _TIME, re.ASCII)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", re.ASCII)
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?", re.ASCII)
_DAY_FIRST = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}", re.ASCII)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.*", re.ASCII)

# What people add around a date: a weekday, 上午/下午 before the time, spaces around 年月日.
_WEEKDAY = re.compile(r"\s*\(?(?:星期|礼拜|周)(?P<w>[一二三四五六日天])\)?\s*")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_HALF_DAY = re.compile(r"\s*(?P<half>上午|中午|下午|晚上)\s*")
_ZH_SPACES = re.compile(r"\s+(?=[年月日号])|(?<=[年月])\s+")
# Chinese numerals: the year digit by digit (二〇二四), month and day as numbers (十二, 二十八).
_ZH_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
_ZH_NUMERAL_DATE = re.compile(
    r"(?P<y>[〇零○Ｏ一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})(?P<rest>[日号].*)"
)
_NUMERAL_CHARS = frozenset("〇零○一二三四五六七八九十")


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
        raise DateParseError("serial", value, reason="range", max=_MAX_SERIAL)
    whole = int(serial)
    if whole == 60:
        raise DateParseError("serial", value, reason="phantom")
    # Excel counts 1900 as a leap year: serials before the phantom day are one day earlier.
    day = _EXCEL_EPOCH + dt.timedelta(days=whole + (1 if whole < 60 else 0))
    fraction = serial - whole
    if not fraction:
        return day
    seconds = round(fraction * 86400)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def _zh_number(text: str) -> int:
    """``八`` -> 8, ``十二`` -> 12, ``二十八`` -> 28, ``三十一`` -> 31 (1 to 39)."""
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _ZH_DIGITS[text] if len(text) == 1 else 0
    if len(tens) > 1 or len(units) > 1:
        return 0
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[units] if units else 0)


def _foreign_digits(text: str) -> bool:
    """Whether ``text`` holds digits of a script other than ASCII, full-width or Chinese."""
    for c in text:
        if c.isascii() or c in _NUMERAL_CHARS or "\uff10" <= c <= "\uff19":
            continue
        if c.isnumeric():  # Arabic-Indic, Devanagari, circled or superscript digits...
            return True
    return False


def parse_date(value: object) -> dt.date:
    """Read a date (or a datetime, when a time is given) from text, a number or a date.

    Returns a :class:`datetime.datetime` when the value carries a time of day, else a
    :class:`datetime.date`.

    >>> parse_date("2024年2月8日"), parse_date("2024/2/8 17:30")
    (datetime.date(2024, 2, 8), datetime.datetime(2024, 2, 8, 17, 30))
    >>> parse_date(45330)   # Excel serial
    datetime.date(2024, 2, 8)
    """
    if type(value) is str and _ISO_DATE.fullmatch(value):  # what machines send: the short way
        with contextlib.suppress(ValueError):  # 2024-02-30: the full path words the error
            return dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            try:
                return value.astimezone(_CST).replace(tzinfo=None)
            except OverflowError:  # 9999-12-31T23:59-01:00 is in the year 10000 in China
                raise DateParseError(
                    "impossible", value, "out of range in China Standard Time (UTC+8)"
                ) from None
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
    if not value.isascii() and _foreign_digits(value):
        raise DateParseError("unrecognised", value)
    import unicodedata  # deferred: only text needs folding

    text = unicodedata.normalize("NFKC", value).strip()
    if text.startswith("'"):  # Excel's "this is text" apostrophe, exported with the cell
        text = text[1:].strip()
    if not text:
        raise DateParseError("empty", value)
    weekday = half = None
    if not text.isascii():
        text, weekday, half = _tidy(text, value)
    day = _parse_text(text, value)
    if half is not None:
        day = _half_day(day, half, value)
    if weekday is not None and day.weekday() != weekday:
        raise DateParseError(
            "impossible", value, f"{day:%Y-%m-%d} is a {day:%A}, not the weekday written"
        )
    return day


def _tidy(text: str, value: object) -> tuple[str, int | None, str | None]:
    """The date without the weekday and 上午/下午 people add, in Arabic digits; the weekday
    (Monday 0) and the half day, when written."""
    text = _ZH_SPACES.sub("", text)
    weekday = None
    m = _WEEKDAY.search(text)
    if m:
        weekday = _WEEKDAYS[m["w"]]
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    half = None
    m = _HALF_DAY.search(text)
    if m:
        half = m["half"]
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    m = _ZH_NUMERAL_DATE.fullmatch(text)
    if m:
        year = "".join(str(_ZH_DIGITS[c]) for c in m["y"])
        month, day = _zh_number(m["m"]), _zh_number(m["d"])
        if not (month and day):
            raise DateParseError("unrecognised", value)
        text = f"{year}年{month}月{day}{m['rest']}"
    return text, weekday, half


def _half_day(day: dt.date, half: str, value: object) -> dt.date:
    """16:45 for ``下午 4:45``; a time already past noon is kept (``下午 16:45``)."""
    if not isinstance(day, dt.datetime):
        raise DateParseError("unrecognised", value)  # 上午/下午 without a time
    if half in ("下午", "晚上") and day.hour < 12:
        return day + dt.timedelta(hours=12)
    if half == "上午" and day.hour > 12:
        raise DateParseError("impossible", value, f"上午 (morning) {day:%H:%M}")
    return day


def _parse_text(text: str, value: object) -> dt.date:
    for pattern in (_YMD, _ZH):
        m = pattern.fullmatch(text)
        if m:
            g = m.groupdict()
            return _build(value, int(g["y"]), int(g["m"]), int(g["d"]), g["h"], g["mi"], g["s"])
    m = _COMPACT.fullmatch(text)
    if m:
        return _build(value, int(m["y"]), int(m["m"]), int(m["d"]), None, None, None)
    if "T" in text or _ISO_TIME.fullmatch(text):
        try:
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            stamp = None
        if stamp is not None:
            try:
                return parse_date(stamp)
            except DateParseError as exc:
                raise DateParseError(exc.code, value, exc.detail) from None
    if _SERIAL.fullmatch(text) and len(text.split(".")[0]) == 5:
        # As text, only five-digit serials (1927-2173): "2024" or "1" is no date anybody meant.
        return _from_serial(value, float(text))
    if _DAY_FIRST.fullmatch(text):
        raise DateParseError("ambiguous", value)
    raise DateParseError("unrecognised", value)
