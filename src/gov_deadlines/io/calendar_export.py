"""The calendar's date table as CSV, JSON, SQL or iCalendar text (no legal logic here).

The rows come from :func:`gov_deadlines.calendar.table.date_table`; these functions only spell
them in a format. Every format but CSV states the range, the calendar's fingerprint, the region
and the sources in its own header (a line of metadata would make a CSV file something a CSV
reader cannot read: ``gov-deadlines calendar export`` prints CSV's metadata on stderr instead).

- CSV: RFC 4180, UTF-8, CRLF line ends, a header row, ``true``/``false``; a byte order mark only
  when asked (``bom=True``: Excel needs it to show Chinese; a database loader reads it as part
  of the first column's name).
- JSON: one object: the metadata, then ``days``, one row object per line.
- SQL: ``CREATE TABLE`` and ``INSERT`` in batches, in standard SQL that SQLite, PostgreSQL and
  MySQL all load: ``DATE``, ``VARCHAR(n)``, ``BOOLEAN``, ``INTEGER``, plain string literals.
- iCalendar (RFC 5545): one all-day event per holiday (``休 春节``) and make-up workday
  (``班 春节``), UIDs that stay the same from one export to the next, CRLF, lines folded at 75
  octets.

>>> import datetime as dt
>>> from gov_deadlines import WorkCalendar
>>> from gov_deadlines.calendar.table import date_table
>>> t = date_table(WorkCalendar.default(), dt.date(2024, 2, 9), dt.date(2024, 2, 10))
>>> print(calendar_csv(t), end="")
date,kind,name,workday,workday_seq,source,provisional
2024-02-09,workday,,true,1,chinese-calendar 1.11.0,false
2024-02-10,holiday,春节,false,1,chinese-calendar 1.11.0,false
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from gov_deadlines.calendar.day import DataSource
from gov_deadlines.calendar.table import DateTable, DayRow
from gov_deadlines.errors import InvalidArgument, RegisterError
from gov_deadlines.io.writers import neutralise

__all__ = [
    "COLUMNS",
    "EXPORT_EXTENSIONS",
    "SQL_TABLE",
    "ExportFormat",
    "calendar_csv",
    "calendar_ics",
    "calendar_json",
    "calendar_sql",
    "export_calendar",
    "export_format",
    "metadata",
]

ExportFormat = Literal["csv", "json", "sql", "ics"]

#: Output extensions and the format each one means.
EXPORT_EXTENSIONS: dict[str, ExportFormat] = {
    ".csv": "csv",
    ".json": "json",
    ".sql": "sql",
    ".ics": "ics",
}

#: The columns of every format, in order (SQL names the first one ``cal_date``: see below).
COLUMNS = ("date", "kind", "name", "workday", "workday_seq", "source", "provisional")

#: The SQL table; ``<SQL_TABLE>_info`` holds the metadata, one item per row.
SQL_TABLE = "gov_deadlines_calendar"
# DATE is a reserved word in standard SQL (and Oracle); quoting it is spelled differently by
# MySQL and the others, so the SQL column gets a name no engine reserves.
_SQL_COLUMNS = ("cal_date", *COLUMNS[1:])
_SQL_BATCH = 500  # rows per INSERT: a small statement for every engine's limits


def export_format(path: str | os.PathLike[str] | None, fmt: str | None = None) -> ExportFormat:
    """The format asked for: ``fmt`` if given, else the extension of ``path``; CSV for stdout.

    A known extension that says another format than ``fmt`` is refused rather than guessed.

    >>> export_format("日历.ics"), export_format(None), export_format("x.txt", "json")
    ('ics', 'csv', 'json')
    """
    supported = ", ".join(EXPORT_EXTENSIONS)
    ext = Path(path).suffix.lower() if path is not None else ""
    by_ext = EXPORT_EXTENSIONS.get(ext)
    if fmt is not None:
        if fmt not in EXPORT_EXTENSIONS.values():
            raise RegisterError.coded("io.export.format", fmt=fmt, formats="csv, json, sql, ics")
        if by_ext is not None and by_ext != fmt:
            raise RegisterError.coded("io.export.mismatch", name=Path(str(path)).name, fmt=fmt)
        return fmt  # type: ignore[return-value]
    if path is None:
        return "csv"
    if by_ext is None:
        name = Path(path).name
        code = "io.output.extension" if ext else "io.output.no_extension"
        raise RegisterError.coded(code, name=name, ext=ext, supported=supported)
    return by_ext


def export_calendar(
    table: DateTable, fmt: ExportFormat, *, stamp: dt.datetime | None = None, bom: bool = False
) -> str:
    """``table`` as text in ``fmt``; ``stamp`` (an aware datetime: when the file was made) is
    required for iCalendar, ``bom`` applies to CSV only."""
    if fmt == "csv":
        return calendar_csv(table, bom=bom)
    if fmt == "json":
        return calendar_json(table)
    if fmt == "sql":
        return calendar_sql(table)
    if fmt == "ics":
        if stamp is None:
            raise InvalidArgument("an iCalendar export needs stamp= (when it was made, UTC)")
        return calendar_ics(table, stamp=stamp)
    raise InvalidArgument(f"fmt must be one of csv, json, sql, ics, got {fmt!r}")


# ------------------------------------------------------------------------------------ metadata


def _seq_definition(table: DateTable) -> str:
    return (
        f"working days from {table.start.isoformat()} up to and including the day (a day off "
        "repeats the previous working day's number): workdays in (a, b] = seq(b) - seq(a)"
    )


def _source(source: DataSource) -> dict[str, Any]:
    # No path: it is this machine's, not the data's (the digest identifies a file's bytes).
    return {
        "label": str(source),
        "kind": source.kind,
        "region": source.region,
        "sha256": source.sha256,
        "papers": list(source.papers),
        "reported": source.reported,
        "official": source.official,
    }


def metadata(table: DateTable) -> dict[str, Any]:
    """What every export states about its rows, as JSON-ready values.

    >>> import datetime as dt
    >>> from gov_deadlines import WorkCalendar
    >>> from gov_deadlines.calendar.table import date_table
    >>> m = metadata(date_table(WorkCalendar.default(), dt.date(2024, 1, 1), dt.date(2024, 1, 7)))
    >>> m["from"], m["to"], m["total_days"], m["total_workdays"], m["region"]
    ('2024-01-01', '2024-01-07', 7, 4, None)
    """
    from gov_deadlines._version import __version__

    return {
        "generator": f"gov-deadlines {__version__}",
        "from": table.start.isoformat(),
        "to": table.end.isoformat(),
        "total_days": len(table.rows),
        "total_workdays": table.workdays,
        "fingerprint": table.fingerprint,
        "region": table.region,
        "unknown_years": table.unknown_years,
        "provisional": table.provisional,
        "sources": [_source(s) for s in table.sources],
        "columns": list(COLUMNS),
        "workday_seq": _seq_definition(table),
    }


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _one_line(text: str) -> str:
    """``text`` with line breaks and control characters as spaces (a comment stays one line)."""
    return _CONTROL.sub(" ", text)


def _header_lines(table: DateTable) -> list[str]:
    """The metadata as ``name: value`` lines, for SQL comments and the iCalendar description."""
    m = metadata(table)
    lines = [
        f"generator: {m['generator']}",
        f"range: {m['from']} to {m['to']} ({m['total_days']} days, "
        f"{m['total_workdays']} working days)",
        f"fingerprint: {table.fingerprint}",
        f"region: {table.region or 'national'}",
        f"unknown years: {table.unknown_years}",
        f"provisional: {'yes' if table.provisional else 'no'}",
    ]
    for s in table.sources:
        digest = f", sha256 {s.sha256}" if s.sha256 else ""
        lines.append(f"source: {s} ({s.kind}{digest})")
    lines.append(f"workday_seq: {m['workday_seq']}")
    return [_one_line(line) for line in lines]


# ----------------------------------------------------------------------------------------- CSV


def _bool(value: bool) -> str:
    return "true" if value else "false"


def calendar_csv(table: DateTable, *, bom: bool = False) -> str:
    """RFC 4180 CSV: a header row (:data:`COLUMNS`), one row per day, CRLF line ends.

    Text cells that a spreadsheet would run as a formula get a leading ``'``
    (:func:`~gov_deadlines.io.writers.neutralise`); real holiday names and labels never do.
    """
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    w.writerows(
        (
            r.date.isoformat(),
            r.kind,
            neutralise(r.name or ""),
            _bool(r.workday),
            r.workday_seq,
            neutralise(r.source),
            _bool(r.provisional),
        )
        for r in table.rows
    )
    return ("\ufeff" if bom else "") + buf.getvalue()


# ---------------------------------------------------------------------------------------- JSON


def _row_object(r: DayRow) -> dict[str, Any]:
    return {
        "date": r.date.isoformat(),
        "kind": r.kind,
        "name": r.name,
        "workday": r.workday,
        "workday_seq": r.workday_seq,
        "source": r.source,
        "provisional": r.provisional,
    }


def calendar_json(table: DateTable) -> str:
    """One JSON object: :func:`metadata`, then ``days``, a row object per line (UTF-8 text)."""
    head = json.dumps(metadata(table), ensure_ascii=False, indent=2)
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    days = ",\n".join("    " + dumps(_row_object(r)) for r in table.rows)
    return f'{head[:-2]},\n  "days": [\n{days}\n  ]\n}}\n'


# ----------------------------------------------------------------------------------------- SQL


def _sql_text(value: str | None) -> str:
    if value is None:
        return "NULL"
    if "\\" in value:  # MySQL reads a backslash as an escape by default, the others do not
        raise RegisterError.coded("io.export.sql_backslash", value=value)
    if "\x00" in value:
        raise RegisterError.coded("io.export.sql_nul", value=value.replace("\x00", "\\0"))
    return "'" + value.replace("'", "''") + "'"


def _width(values: Sequence[str | None], least: int) -> int:
    """A VARCHAR size holding every value (characters), at least ``least``."""
    return max([least, *(len(v) for v in values if v is not None)])


def calendar_sql(table: DateTable) -> str:
    """``CREATE TABLE gov_deadlines_calendar`` plus ``INSERT`` statements of 500 rows each, and
    ``gov_deadlines_calendar_info`` holding the metadata; the metadata also as comments on top.

    Standard SQL only (loads in SQLite, PostgreSQL and MySQL): DATE, VARCHAR, BOOLEAN, INTEGER,
    ``'...'`` literals with ``''`` for a quote. A text holding a backslash or a NUL is refused
    (:class:`~gov_deadlines.errors.RegisterError`): no literal means the same in all three.
    """
    rows = table.rows
    name_width = _width([r.name for r in rows], 64)
    source_width = _width([r.source for r in rows], 255)
    out = [f"-- gov-deadlines calendar export: table {SQL_TABLE}\n"]
    out += [f"-- {line}\n" for line in _header_lines(table)]
    out.append(
        f"\nCREATE TABLE {SQL_TABLE} (\n"
        "    cal_date DATE NOT NULL PRIMARY KEY,\n"
        "    kind VARCHAR(16) NOT NULL,\n"
        f"    name VARCHAR({name_width}),\n"
        "    workday BOOLEAN NOT NULL,\n"
        "    workday_seq INTEGER NOT NULL,\n"
        f"    source VARCHAR({source_width}) NOT NULL,\n"
        "    provisional BOOLEAN NOT NULL\n"
        ");\n"
        f"CREATE INDEX {SQL_TABLE}_seq ON {SQL_TABLE} (workday_seq);\n"
    )
    columns = ", ".join(_SQL_COLUMNS)
    sources = {r.source: _sql_text(r.source) for r in rows[:1]}
    for i in range(0, len(rows), _SQL_BATCH):
        values = []
        for r in rows[i : i + _SQL_BATCH]:
            src = sources.get(r.source)
            if src is None:
                src = sources[r.source] = _sql_text(r.source)
            values.append(
                f"('{r.date.isoformat()}', '{r.kind}', {_sql_text(r.name)}, "
                f"{'TRUE' if r.workday else 'FALSE'}, {r.workday_seq}, {src}, "
                f"{'TRUE' if r.provisional else 'FALSE'})"
            )
        out.append(f"INSERT INTO {SQL_TABLE} ({columns}) VALUES\n" + ",\n".join(values) + ";\n")
    info = _info_items(table)
    detail_width = _width([v for _, v in info], 255)
    out.append(
        f"\nCREATE TABLE {SQL_TABLE}_info (\n"
        "    item VARCHAR(32) NOT NULL,\n"
        "    seq INTEGER NOT NULL,\n"
        f"    detail VARCHAR({detail_width}) NOT NULL,\n"
        "    PRIMARY KEY (item, seq)\n"
        ");\n"
    )
    info_values = ",\n".join(
        f"({_sql_text(item)}, {n}, {_sql_text(detail)})" for n, (item, detail) in enumerate(info)
    )
    out.append(f"INSERT INTO {SQL_TABLE}_info (item, seq, detail) VALUES\n{info_values};\n")
    return "".join(out)


def _info_items(table: DateTable) -> list[tuple[str, str]]:
    """The metadata as (item, detail) rows of the info table."""
    m = metadata(table)
    items = [
        ("generator", m["generator"]),
        ("from", m["from"]),
        ("to", m["to"]),
        ("fingerprint", table.fingerprint),
        ("region", table.region or "national"),
        ("unknown_years", table.unknown_years),
        ("provisional", _bool(table.provisional)),
    ]
    items += [("source", str(s)) for s in table.sources]
    items.append(("workday_seq", m["workday_seq"]))
    return items


# ---------------------------------------------------------------------------------- iCalendar

_ICS_SUMMARY = {"holiday": "休", "makeup_workday": "班"}
_ICS_PROVISIONAL = "（临时）"


def _ics_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped; other
    control characters (not allowed in TEXT) as spaces."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", " ", value)


def _fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character,
    with its CRLF. A continuation line starts with a space, which counts towards its 75."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: back off
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts) + "\r\n"


def _basic(d: dt.date) -> str:
    """A DATE value: ``20240210`` (strftime does not pad years before 1000 everywhere)."""
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _uid_key(region: str | None) -> str:
    """The part of a UID that tells calendars apart: ``cn``, a region's ISO code, or a digest
    of a region name the bundled table does not know (a city's own overlay)."""
    if region is None:
        return "cn"
    from gov_deadlines.calendar.regions import resolve_region
    from gov_deadlines.errors import UnknownRegion

    try:
        return resolve_region(region).code.lower()
    except UnknownRegion:
        return "r" + hashlib.sha256(region.encode("utf-8")).hexdigest()[:12]


def calendar_ics(table: DateTable, *, stamp: dt.datetime) -> str:
    """An RFC 5545 calendar: an all-day event per holiday and make-up workday of the table.

    ``stamp`` (timezone-aware) is the DTSTAMP of every event: when the file was made. A UID is
    the date and the region (``20240210.cn@gov-deadlines``), the same in every export, so a
    calendar app that imports a newer file updates the day instead of adding it twice.
    """
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise InvalidArgument(f"stamp must be timezone-aware, got {stamp!r}")
    when = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    from gov_deadlines._version import __version__

    region = table.region
    title = "中国节假日与调休" + (f"（{region}）" if region else "")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//gov-deadlines//gov-deadlines {__version__}//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(title)}",
        f"X-WR-CALDESC:{_ics_text(chr(10).join(_header_lines(table)))}",
        f"X-GOV-DEADLINES-RANGE:{table.start.isoformat()}/{table.end.isoformat()}",
        f"X-GOV-DEADLINES-FINGERPRINT:{table.fingerprint}",
        f"X-GOV-DEADLINES-REGION:{_ics_text(region or 'national')}",
        f"X-GOV-DEADLINES-PROVISIONAL:{'TRUE' if table.provisional else 'FALSE'}",
    ]
    lines += [f"X-GOV-DEADLINES-SOURCE:{_ics_text(str(s))}" for s in table.sources]
    key = _uid_key(region)
    for r in table.rows:
        mark = _ICS_SUMMARY.get(r.kind)
        if mark is None:
            continue
        summary = f"{mark} {r.name}" if r.name else mark
        if r.provisional:
            summary += _ICS_PROVISIONAL
        day = _basic(r.date)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{day}.{key}@gov-deadlines",
            f"DTSTAMP:{when}",
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{_basic(r.date + dt.timedelta(days=1))}",
            f"SUMMARY:{_ics_text(summary)}",
            f"CATEGORIES:{r.kind}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) for line in lines)
