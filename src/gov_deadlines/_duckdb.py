"""DuckDB: the calendar and the verdicts as SQL functions (the ``duckdb`` extra).

:func:`register` adds vectorised Arrow functions and two tables to a DuckDB connection, so an
auditor's query over a Parquet register reads::

    SELECT *, gd_due('ogi.request.reply', 收到日期) AS 到期日,
           gd_status('ogi.request.reply', 收到日期, 答复日期, DATE '2025-03-31') AS 结论
    FROM 'requests.parquet'

DuckDB hands a function 2,048 rows at a time. The calendar functions are
:mod:`gov_deadlines.columns` itself. The verdict functions first look each row up in a table of
the rule's deadline for every trigger day of the calendar's coverage (built once per rule by
:func:`~gov_deadlines.columns.check_columns`); a row whose rule version is a plain period, whose
facts are plain (no extension, done or as_of not before the trigger) and whose days all lie in
the loaded years is judged from that deadline with index arithmetic, as ``check_columns`` judges
it. Every other row -- windows, events, extensions, years without data, impossible facts -- is
given to ``check_columns`` as it is: never approximated, only slower.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.errors import (
    CalendarDataMissing,
    GovDeadlinesError,
    InvalidFacts,
    ProvisionalDataWarning,
    UnknownRule,
)
from gov_deadlines.periods import Period
from gov_deadlines.rules import Catalog, Rule

if TYPE_CHECKING:
    import duckdb

__all__ = ["FUNCTIONS", "SQLFunctionError", "register"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

#: The SQL functions :func:`register` adds, with their arguments and what they return.
FUNCTIONS = {
    "gd_add_workdays": "(date DATE, n BIGINT) -> DATE",
    "gd_add_workdays_provisional": "(date DATE, n BIGINT) -> BOOLEAN",
    "gd_workdays_between": "(a DATE, b DATE) -> BIGINT",
    "gd_workdays_between_provisional": "(a DATE, b DATE) -> BOOLEAN",
    "gd_is_workday": "(date DATE) -> BOOLEAN",
    "gd_day_kind": "(date DATE) -> VARCHAR",
    "gd_is_provisional": "(date DATE) -> BOOLEAN",
    "gd_add_period": "(date DATE, period VARCHAR) -> DATE",
    "gd_due": "(rule VARCHAR, trigger DATE) -> DATE",
    "gd_status": "(rule VARCHAR, trigger DATE, done DATE, as_of DATE) -> VARCHAR",
    "gd_workdays_late": "(rule VARCHAR, trigger DATE, done DATE, as_of DATE) -> BIGINT",
    "gd_days_late": "(rule VARCHAR, trigger DATE, done DATE, as_of DATE) -> BIGINT",
    "gd_workdays_left": "(rule VARCHAR, trigger DATE, done DATE, as_of DATE) -> BIGINT",
    "gd_provisional": "(rule VARCHAR, trigger DATE, done DATE, as_of DATE) -> BOOLEAN",
    "gd_error": "(rule VARCHAR, trigger DATE, done DATE, as_of DATE) -> VARCHAR",
    "gd_check": "(rule, trigger, done := NULL, as_of := NULL, extension := NULL) -> STRUCT(due "
    "DATE, status VARCHAR, workdays_late BIGINT, days_late BIGINT, workdays_left BIGINT, "
    "provisional BOOLEAN, error VARCHAR)",
    "gd_fingerprint": "() -> VARCHAR",
}

_FIELDS = ("due", "status", "workdays_late", "days_late", "workdays_left", "provisional", "error")
_STATUSES = ("on_time", "late", "pending", "overdue", "invalid", "too_short")
_CODE = {s: i for i, s in enumerate(_STATUSES)}
_ON_TIME, _LATE, _PENDING, _OVERDUE = (_CODE[s] for s in ("on_time", "late", "pending", "overdue"))
_EPOCH = dt.date(1970, 1, 1).toordinal()
_PLAIN_UNITS = ("workdays", "days", "months", "years")


class SQLFunctionError(GovDeadlinesError, ValueError):
    """An error inside a ``gd_*`` SQL function, worded for the person who wrote the query.

    DuckDB shows it as ``Invalid Input Error: Python exception occurred while executing the UDF:
    SQLFunctionError: gd_due: ...`` -- one line, no Python traceback.

    >>> str(SQLFunctionError("gd_due: unknown rule 'x'"))
    "gd_due: unknown rule 'x'"
    """


def register(
    con: duckdb.DuckDBPyConnection,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    *,
    lang: str = "zh",
) -> duckdb.DuckDBPyConnection:
    """Add the ``gd_*`` functions (:data:`FUNCTIONS`) and the tables ``gd_calendar`` (every day
    of the coverage) and ``gd_rules`` (the catalog) to ``con``; returns ``con``.

    ``calendar`` defaults to :meth:`WorkCalendar.default`; rows that need a year without data
    make the query fail with a message naming the year, unless the calendar was made with
    ``unknown_years="weekends"``: then they are answered with Monday-Friday assumed and
    ``gd_provisional(...)`` (or ``gd_check(...).provisional``, ``gd_*_provisional``) says which.
    Calling it again replaces the functions and tables (another calendar, say). ``lang``
    (``"zh"`` or ``"en"``) words the ``error`` column.

    >>> import duckdb
    >>> con = register(duckdb.connect())
    >>> con.execute("SELECT gd_add_workdays(DATE '2024-02-08', 20)").fetchall()[0]
    (datetime.date(2024, 3, 13),)
    """
    import duckdb

    cal = calendar or WorkCalendar.default()
    engine = _Engine(cal, catalog, lang)
    if cal.unknown_years == "weekends":
        warnings.warn(
            "gov_deadlines.duckdb: the calendar answers years without data with Monday-Friday "
            "assumed; such answers are provisional (临时结果): read gd_provisional(...)",
            ProvisionalDataWarning,
            stacklevel=2,
        )
    sql = duckdb.sqltype
    date, big, text, boolean = sql("DATE"), sql("BIGINT"), sql("VARCHAR"), sql("BOOLEAN")
    fact4 = [text, date, date, date]
    struct = duckdb.struct_type(
        {"due": date, "status": text, "workdays_late": big, "days_late": big,
         "workdays_left": big, "provisional": boolean, "error": text}
    )  # fmt: skip
    specs: list[tuple[str, Callable[..., Any], list[Any], Any]] = [
        ("gd_add_workdays", engine.add_workdays, [date, big], date),
        ("gd_add_workdays_provisional", engine.add_workdays_provisional, [date, big], boolean),
        ("gd_workdays_between", engine.workdays_between, [date, date], big),
        ("gd_workdays_between_provisional", engine.between_provisional, [date, date], boolean),
        ("gd_is_workday", engine.is_workday, [date], boolean),
        ("gd_day_kind", engine.day_kind, [date], text),
        ("gd_is_provisional", engine.is_provisional, [date], boolean),
        ("gd_add_period", engine.add_period, [date, text], date),
        ("gd_due", engine.due, [text, date], date),
        ("gd_status", engine.field("gd_status", "status"), fact4, text),
        ("gd_workdays_late", engine.field("gd_workdays_late", "workdays_late"), fact4, big),
        ("gd_days_late", engine.field("gd_days_late", "days_late"), fact4, big),
        ("gd_workdays_left", engine.field("gd_workdays_left", "workdays_left"), fact4, big),
        ("gd_provisional", engine.field("gd_provisional", "provisional"), fact4, boolean),
        ("gd_error", engine.field("gd_error", "error"), fact4, text),
        ("gd_check_row", engine.check, [*fact4, big], struct),
    ]
    for name, fn, params, returns in specs:
        with contextlib.suppress(duckdb.Error):  # not registered yet
            con.remove_function(name)
        # Nulls are ours to handle ("special"): a null done or as_of means "not given". (The
        # stubs type ``type``/``null_handling`` as enums; DuckDB takes their names too.)
        create: Any = con.create_function
        create(name, fn, params, returns, type="arrow", null_handling="special", side_effects=False)
    # Macros: defaults for the optional facts, and constants (no UDF call per row).
    con.execute(
        "CREATE OR REPLACE TEMP MACRO gd_check(rule, trigger, done := NULL, as_of := NULL, "
        "extension := NULL) AS gd_check_row(rule, trigger, done, as_of, extension)"
    )
    con.execute(f"CREATE OR REPLACE TEMP MACRO gd_fingerprint() AS '{cal.fingerprint}'")
    con.register("gd_calendar_arrow", _calendar_table(cal))
    con.execute("CREATE OR REPLACE TEMP TABLE gd_calendar AS SELECT * FROM gd_calendar_arrow")
    con.unregister("gd_calendar_arrow")
    con.register("gd_rules_arrow", _rules_table(catalog or Catalog.default()))
    con.execute("CREATE OR REPLACE TEMP TABLE gd_rules AS SELECT * FROM gd_rules_arrow")
    con.unregister("gd_rules_arrow")
    return con


# -- tables ---------------------------------------------------------------------------------------


def _calendar_table(cal: WorkCalendar) -> Any:
    """Every day of the coverage as calendar.table exports it (one row per day)."""
    pa = _pa()

    from gov_deadlines.calendar.table import date_table

    rows = date_table(cal).rows
    return pa.table({
        "date": pa.array([r.date for r in rows], pa.date32()),
        "kind": pa.array([r.kind for r in rows], pa.string()),
        "name": pa.array([r.name for r in rows], pa.string()),
        "workday": pa.array([r.workday for r in rows], pa.bool_()),
        "workday_seq": pa.array([r.workday_seq for r in rows], pa.int64()),
        "source": pa.array([r.source for r in rows], pa.string()),
        "provisional": pa.array([r.provisional for r in rows], pa.bool_()),
    })  # fmt: skip


def _rules_table(cat: Catalog) -> Any:
    """Every version of every rule: what a query's rule ids mean, with their citations."""
    pa = _pa()

    cols: dict[str, list[Any]] = {k: [] for k in (
        "id", "title_zh", "title_en", "kind", "period", "max_extension", "effective_from",
        "effective_until", "citation")}  # fmt: skip
    for rule_id in cat:
        for r in cat.versions(rule_id):
            cols["id"].append(r.id)
            cols["title_zh"].append(r.title_zh)
            cols["title_en"].append(r.title_en)
            cols["kind"].append(r.kind)
            cols["period"].append(None if r.period is None else str(r.period))
            cols["max_extension"].append(None if r.max_extension is None else str(r.max_extension))
            cols["effective_from"].append(r.effective_from)
            cols["effective_until"].append(r.effective_until)
            cols["citation"].append(r.citation_text("zh"))
    types = {"effective_from": pa.date32(), "effective_until": pa.date32()}
    return pa.table({k: pa.array(v, types.get(k, pa.string())) for k, v in cols.items()})


# -- Arrow in and out -----------------------------------------------------------------------------


def _pa(name: str = "pyarrow") -> Any:
    """pyarrow (untyped: Any at this boundary), imported when a function first runs."""
    import importlib

    return importlib.import_module(name)


def _days(x: Any) -> tuple[I64, Mask]:
    """A date32 column as numpy day numbers (read in place) and its null mask; the values
    under nulls are whatever the buffer holds (every use masks them)."""
    pa = _pa()

    a = x.combine_chunks() if isinstance(x, pa.ChunkedArray) else x
    n = len(a)
    buf = a.buffers()[1]
    if buf is None:  # an all-null column of type null
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    vals = np.frombuffer(buf, dtype=np.int32, count=a.offset + n)[a.offset :].astype(np.int64)
    if a.null_count:
        return vals, a.is_null().to_numpy(zero_copy_only=False)
    return vals, np.zeros(n, dtype=bool)


def _ints(x: Any) -> tuple[I64, Mask]:
    pa = _pa()

    a = x.combine_chunks() if isinstance(x, pa.ChunkedArray) else x
    if a.null_count:
        nulls = a.is_null().to_numpy(zero_copy_only=False)
        return a.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64), nulls
    return a.to_numpy(zero_copy_only=False).astype(np.int64), np.zeros(len(a), dtype=bool)


def _numpy_dates(days: I64, nulls: Mask) -> NDArray[np.datetime64]:
    out = days.astype("datetime64[D]")
    out[nulls] = np.datetime64("NaT")
    return out


def _groups(rule: Any) -> list[tuple[str | None, NDArray[np.intp] | None]]:
    """The rows of each distinct rule id (None: every row has it; a null id: null answers)."""
    pa, pc = _pa(), _pa("pyarrow.compute")

    a = rule.combine_chunks() if isinstance(rule, pa.ChunkedArray) else rule
    one = _constant(a)
    if one is not None:
        return [(one, None)]
    distinct = pc.unique(a)
    if len(distinct) == 1:
        return [(distinct[0].as_py(), None)]
    enc = a.dictionary_encode()
    idx = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    names = enc.dictionary.to_pylist()
    return [(name, np.flatnonzero(idx == k)) for k, name in enumerate(names)]


def _constant(a: Any) -> str | None:
    """The one string of a column that repeats it (a literal such as 'ogi.request.reply'), read
    from the buffers without hashing 2,048 strings; None when the column varies or has nulls."""
    pa = _pa()
    n = len(a)
    if not n or a.null_count or a.type != pa.string():
        return None
    _, offsets_buf, data_buf = a.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int32, count=a.offset + n + 1)[a.offset :]
    width = int(offsets[1] - offsets[0])
    if int(offsets[-1] - offsets[0]) != width * n:
        return None
    if not width:
        return ""
    if not (np.diff(offsets) == width).all():
        return None
    data = np.frombuffer(data_buf, dtype=np.uint8, count=int(offsets[-1]))[int(offsets[0]) :]
    first = data[:width].tobytes()
    if data.tobytes() != first * n:
        return None
    return first.decode("utf-8")


# -- the verdict columns ---------------------------------------------------------------------------


@functools.cache
def _status_names() -> Any:
    return _pa().array(_STATUSES, _pa().string())


@dataclass
class _Cols:
    """Verdict fields as arrays: day numbers / counts with null masks, status codes (-1 null)."""

    due: I64
    due_null: Mask
    status: NDArray[np.int8]
    late: I64
    late_null: Mask
    days: I64
    left: I64
    left_null: Mask
    prov: Mask
    prov_null: Mask
    error: NDArray[Any]

    @classmethod
    def empty(cls, n: int) -> _Cols:
        z, t = np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
        return cls(
            z.copy(), t.copy(), np.full(n, -1, np.int8), z.copy(), t.copy(), z.copy(), z.copy(),
            t.copy(), np.zeros(n, bool), t.copy(), np.full(n, None, object),
        )  # fmt: skip

    def arrow(self, field: str) -> Any:
        pa = _pa()

        if field == "due":
            return pa.array(self.due.astype(np.int32), mask=self.due_null).view(pa.date32())
        if field == "status":
            nulls = self.status < 0
            codes = pa.array(self.status, mask=nulls if nulls.any() else None)
            return _status_names().take(codes)
        if field == "workdays_late":
            return pa.array(self.late, mask=self.late_null)
        if field == "days_late":
            return pa.array(self.days, mask=self.late_null)
        if field == "workdays_left":
            return pa.array(self.left, mask=self.left_null)
        if field == "provisional":
            return pa.array(self.prov, mask=self.prov_null)
        return pa.array(self.error.tolist(), pa.string())

    def put(self, rows: NDArray[np.intp] | Mask, other: _Cols) -> None:
        """Rows ``rows`` of self are other's rows in order."""
        for name in self.__dataclass_fields__:
            getattr(self, name)[rows] = getattr(other, name)


_OTHER, _PLAIN, _REFUSED = 0, 1, 2  # what a rule does with a trigger day
_NO_ROWS = np.zeros(0, dtype=np.intp)


class _DayTable:
    """One rule's deadline for every trigger day of the coverage, and what a row triggered on
    that day needs: ``kind`` ``_PLAIN`` (judged from ``due``: a plain period, no error, not
    provisional, the due date inside the coverage), ``_REFUSED`` (no version of the rule was in
    force: ``invalid`` whatever the other facts, worded ``error``) or ``_OTHER`` (check_columns).
    ``known`` days have their ``due`` (null where ``due_null``) from check_columns itself."""

    def __init__(self, engine: _Engine, rule: str | Rule | Period) -> None:
        from gov_deadlines.columns import check_columns

        lo, hi = engine.lo, engine.hi
        n = hi - lo + 1
        self.due = np.zeros(n, dtype=np.int64)
        self.due_null = np.ones(n, dtype=bool)
        self.known = np.zeros(n, dtype=bool)
        self.kind = np.zeros(n, dtype=np.int8)
        self.error = np.full(n, None, dtype=object)
        self.refuses = False
        from gov_deadlines.engine.api import resolve_rule

        # An unknown rule or period is the query's error, found once, not per day (a version
        # not in force that day is fine).
        with contextlib.suppress(InvalidFacts):
            resolve_rule(rule, dt.date.fromordinal(lo + _EPOCH), engine.catalog)
        if not engine.gapless:
            return
        days = np.arange(lo, hi + 1, dtype=np.int64)
        how = np.array([engine.plain(rule, int(d)) for d in days.tolist()], dtype=np.int8)

        def fill(a: int, b: int) -> None:  # rows [a, b) of the span; halves where data lacks
            if a >= b:
                return
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ProvisionalDataWarning)
                    v = check_columns(rule, days[a:b].astype("datetime64[D]"),
                                      calendar=engine.cal, catalog=engine.catalog,
                                      lang=engine.lang)  # fmt: skip
            except CalendarDataMissing:
                if b - a <= 16:
                    return  # these days stay unknown: their rows go to check_columns
                mid = (a + b) // 2
                fill(a, mid)
                fill(mid, b)
                return
            raw = np.asarray(v.due)
            nat = np.isnat(raw)
            due = np.where(nat, 0, raw.astype("datetime64[D]").view(np.int64))
            error = np.asarray(v.error, dtype=object)
            no_error = error == None  # noqa: E711 -- elementwise
            firm = ~np.ma.getdata(v.provisional).astype(bool)
            status = np.asarray(v.status, dtype=object)
            self.due[a:b], self.due_null[a:b], self.known[a:b] = due, nat, True
            plain = (how[a:b] == _PLAIN) & ~nat & (due >= lo) & (due <= hi) & no_error & firm
            refused = (how[a:b] == _REFUSED) & (status == "invalid") & ~no_error & firm
            self.kind[a:b] = np.where(plain, _PLAIN, np.where(refused, _REFUSED, _OTHER))
            self.error[a:b][refused] = error[refused]

        fill(0, n)
        self.refuses = bool((self.kind == _REFUSED).any())


class _Engine:
    """The functions registered on one connection: one calendar and catalog, tables per rule."""

    def __init__(self, cal: WorkCalendar, catalog: Catalog | None, lang: str = "zh") -> None:
        from gov_deadlines import columns

        self.cal, self.catalog, self.columns, self.lang = cal, catalog, columns, lang
        first, last = cal.coverage
        self.lo, self.hi = first.toordinal() - _EPOCH, last.toordinal() - _EPOCH
        years = cal.years
        self.gapless = years == tuple(range(years[0], years[-1] + 1))
        days = np.arange(self.lo, self.hi + 1, dtype=np.int64).astype("datetime64[D]")
        work = np.asarray(columns.is_workday(days, calendar=cal), dtype=bool)
        self.seq: I64 = np.cumsum(work, dtype=np.int64)  # working days in [lo, lo + i]
        # The trigger itself when it is a working day, else the next one: as_of from there on
        # is past any start of counting, so workdays_left is count(due) - count(as_of).
        self.start_ok: I64 = self._next_or_self(work)
        self.provisional_mode = cal.unknown_years == "weekends"
        self._tables: dict[object, _DayTable] = {}
        self._lock = threading.Lock()

    def _next_or_self(self, work: Mask) -> I64:
        """For each span day, the day number of the first working day on or after it (a day
        past the span when none is left in it)."""
        idx = np.arange(work.size)
        at = np.where(work, idx, work.size)
        nxt = np.minimum.accumulate(at[::-1])[::-1]
        return nxt.astype(np.int64) + self.lo

    # -- calendar functions ----------------------------------------------------------------------

    def add_workdays(self, dates: Any, n: Any) -> Any:
        return self._call("gd_add_workdays", self.columns.add_workdays, dates, n)

    def add_workdays_provisional(self, dates: Any, n: Any) -> Any:
        return self._marked("gd_add_workdays_provisional", self.columns.add_workdays, dates, n)

    def workdays_between(self, a: Any, b: Any) -> Any:
        return self._call("gd_workdays_between", self.columns.workdays_between, a, b)

    def between_provisional(self, a: Any, b: Any) -> Any:
        f = self.columns.workdays_between
        return self._marked("gd_workdays_between_provisional", f, a, b)

    def is_workday(self, dates: Any) -> Any:
        return self._call("gd_is_workday", self.columns.is_workday, dates)

    def day_kind(self, dates: Any) -> Any:
        return self._call("gd_day_kind", self.columns.day_kind, dates)

    def is_provisional(self, dates: Any) -> Any:
        """True where the day's year has no loaded arrangement (null for a null date)."""
        pa = _pa()

        days, nulls = _days(dates)
        years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        known = np.isin(years, np.asarray(self.cal.years, dtype=np.int64))
        return pa.array(~known, mask=nulls)

    def add_period(self, dates: Any, period: Any) -> Any:
        pa = _pa()

        days, nulls = _days(dates)
        out = np.zeros(days.size, dtype=np.int64)
        null = nulls.copy()
        for name, rows in _groups(period):
            sel = slice(None) if rows is None else rows
            if name is None:
                null[sel] = True
                continue
            try:
                with self._quiet():
                    r = self.columns.add_period(_numpy_dates(days[sel], nulls[sel]), name,
                                                calendar=self.cal)  # fmt: skip
            except GovDeadlinesError as exc:
                raise _sql_error("gd_add_period", exc) from None
            except ValueError as exc:
                raise SQLFunctionError(f"gd_add_period: {exc}") from None
            r = np.asarray(r)
            out[sel] = np.where(np.isnat(r), 0, r.astype("datetime64[D]").view(np.int64))
            null[sel] |= np.isnat(r)
        return pa.array(out.astype(np.int32), mask=null).view(pa.date32())

    def _call(self, name: str, fn: Callable[..., Any], *args: Any) -> Any:
        pa = _pa()

        args = tuple(a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a for a in args)
        try:
            with self._quiet():
                return fn(*args, calendar=self.cal)
        except GovDeadlinesError as exc:
            raise _sql_error(name, exc) from None

    def _marked(self, name: str, fn: Callable[..., Any], *args: Any) -> Any:
        pa = _pa()

        args = tuple(a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a for a in args)
        try:
            with self._quiet():
                values, provisional = fn(*args, calendar=self.cal, with_provisional=True)
        except GovDeadlinesError as exc:
            raise _sql_error(name, exc) from None
        nulls = values.is_null().to_numpy(zero_copy_only=False)
        return pa.array(np.asarray(provisional, dtype=bool), mask=nulls)

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Provisional rows are a column in SQL, not a warning per chunk of 2,048 rows."""
        if not self.provisional_mode:
            yield
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProvisionalDataWarning)
            yield

    # -- verdict functions ---------------------------------------------------------------------

    def due(self, rule: Any, trigger: Any) -> Any:
        trig, tnull = _days(trigger)
        none = np.ones(trig.size, dtype=bool)
        zeros = np.zeros(trig.size, dtype=np.int64)
        return self._verdicts("gd_due", rule, (trig, tnull), (zeros, none), (zeros, none),
                              (zeros, none), "due").arrow("due")  # fmt: skip

    def field(self, name: str, field: str) -> Callable[..., Any]:
        def fn(rule: Any, trigger: Any, done: Any, as_of: Any) -> Any:
            trig, dn, ao = _days(trigger), _days(done), _days(as_of)
            none = (np.zeros(trig[0].size, dtype=np.int64), np.ones(trig[0].size, dtype=bool))
            return self._verdicts(name, rule, trig, dn, ao, none, field).arrow(field)

        fn.__name__ = name
        return fn

    def check(self, rule: Any, trigger: Any, done: Any, as_of: Any, extension: Any) -> Any:
        pa = _pa()

        cols = self._verdicts("gd_check", rule, _days(trigger), _days(done), _days(as_of),
                              _ints(extension), "all")  # fmt: skip
        arrays = [cols.arrow(f) for f in _FIELDS]
        return pa.StructArray.from_arrays(arrays, names=list(_FIELDS))

    def plain(self, rule: str | Rule | Period, day: int) -> int:
        """How a trigger on ``day`` is judged: ``_PLAIN`` (a plain period, as check_columns'
        plain rows), ``_REFUSED`` (no version in force) or ``_OTHER``."""
        from gov_deadlines.engine.api import resolve_rule

        on = dt.date.fromordinal(day + _EPOCH)
        try:
            r = resolve_rule(rule, on, self.catalog)
        except InvalidFacts:
            return _REFUSED
        except GovDeadlinesError:
            return _OTHER
        if isinstance(r, Period):
            return _PLAIN if r.unit in _PLAIN_UNITS else _OTHER
        if not r.in_force(on):
            return _REFUSED
        simple = r.kind == "deadline" and r.schedule is None
        return (
            _PLAIN if simple and r.period is not None and r.period.unit in _PLAIN_UNITS else _OTHER
        )

    def table(self, rule: str) -> _DayTable:
        found = self._tables.get(rule)
        if found is None:
            with self._lock:  # DuckDB calls from several threads: build each table once
                found = self._tables.get(rule)
                if found is None:
                    found = _DayTable(self, rule)
                    self._tables[rule] = found
        return found

    def _verdicts(
        self, name: str, rule: Any, trig: tuple[I64, Mask], dn: tuple[I64, Mask],
        ao: tuple[I64, Mask], ext: tuple[I64, Mask], field: str,
    ) -> _Cols:  # fmt: skip
        groups = _groups(rule)
        if groups[0][1] is None and groups[0][0] is not None:  # one rule for every row
            return self._one_rule(name, groups[0][0], trig, dn, ao, ext, field)
        out = _Cols.empty(trig[0].size)
        for rule_id, rows in groups:
            if rule_id is None:
                continue  # a null rule: null answers
            if rows is None:  # every row has the one rule, and it is null
                continue
            t, d, a, e = ((v[rows], m[rows]) for v, m in (trig, dn, ao, ext))
            out.put(rows, self._one_rule(name, rule_id, t, d, a, e, field))
        return out

    def _one_rule(
        self, name: str, rule: str, trig: tuple[I64, Mask], dn: tuple[I64, Mask],
        ao: tuple[I64, Mask], ext: tuple[I64, Mask], field: str,
    ) -> _Cols:  # fmt: skip
        t, tnull = trig
        d, dnull = dn
        a, anull = ao
        n = t.size
        out = _Cols.empty(n)
        try:
            table = self.table(rule)
        except GovDeadlinesError as exc:
            raise _sql_error(name, exc) from None
        span = self.hi - self.lo
        i = t - self.lo
        inside = i.view(np.uint64) <= span  # one comparison for both ends
        if tnull.any():
            inside &= ~tnull
        np.clip(i, 0, span, out=i)
        if field == "due":  # a pure function of the trigger day: the table answers it
            known = inside & table.known[i]
            out.due[known], out.due_null[known] = table.due[i[known]], table.due_null[i[known]]
            slow = np.flatnonzero(~known & ~tnull)
            if slow.size:
                out.put(slow, self._exact(name, rule, t[slow], d[slow], a[slow], dnull[slow],
                                          anull[slow], ext[0][slow], ext[1][slow]))  # fmt: skip
            return out
        kind = table.kind[i]
        if not inside.all():
            kind = np.where(inside, kind, _OTHER)
        refused = np.flatnonzero(kind == _REFUSED) if table.refuses else _NO_ROWS
        if refused.size:
            out.status[refused] = _CODE["invalid"]
            out.error[refused] = table.error[i[refused]]
            out.prov[refused], out.prov_null[refused] = False, False
        fast = kind == _PLAIN
        if not ext[1].all():
            fast &= ext[1]
        due = table.due[i]
        fast, late, overdue, pending_as_of = self._outcomes(fast, t, due, dn, ao, i, field)
        every = bool(fast.all())  # the usual chunk: slices, not gathers
        rows: Any = slice(None) if every else np.flatnonzero(fast)
        if every or rows.size:
            self._fill_plain(out, rows, field, due, d, a, ~dnull, late, overdue, pending_as_of)
        if every:
            return out
        fast[refused] = True
        slow = np.flatnonzero(~fast & ~tnull)
        if slow.size:
            out.put(slow, self._exact(name, rule, t[slow], d[slow], a[slow], dnull[slow],
                                      anull[slow], ext[0][slow], ext[1][slow]))  # fmt: skip
        return out

    def _outcomes(
        self, fast: Mask, t: I64, due: I64, dn: tuple[I64, Mask], ao: tuple[I64, Mask],
        i: I64, field: str,
    ) -> tuple[Mask, Mask, Mask, Mask]:  # fmt: skip
        """``fast`` narrowed to the rows the table can judge, and which of them are late,
        overdue or pending as of ``as_of``. done: on or after the trigger, inside the data;
        as_of (when read): inside the data, and on or after the trigger for rows without done."""
        (d, dnull), (a, anull) = dn, ao
        lo, hi, n = self.lo, self.hi, t.size
        span = hi - lo
        if not dnull.all():
            ok_d = (d >= t) & (d <= hi)
            fast &= (dnull | ok_d) if dnull.any() else ok_d
            late = ~dnull & (d > due)
        else:
            late = np.zeros(n, dtype=bool)
        if anull.all():
            none = np.zeros(n, dtype=bool)
            return fast, late, none, none
        has_a = ~anull & dnull
        ok_a = (a - lo).view(np.uint64) <= span
        fast &= (anull | ok_a) if anull.any() else ok_a
        fast &= ~has_a | (a >= t)
        overdue = has_a & (a > due)
        pending_as_of = has_a & ~overdue
        if field in ("workdays_left", "all"):
            fast &= ~pending_as_of | (a >= self.start_ok[i])
        return fast, late, overdue, pending_as_of

    def _fill_plain(
        self, out: _Cols, rows: Any, field: str, due: I64, d: I64, a: I64, has_d: Mask,
        late: Mask, overdue: Mask, pending: Mask,
    ) -> None:  # fmt: skip
        """The verdict columns of the ``rows`` judged from the table (``field``: which)."""
        lo, span = self.lo, self.hi - self.lo
        f_due, f_d, f_a = due[rows], d[rows], a[rows]
        f_late, f_over, f_pend = late[rows], overdue[rows], pending[rows]
        out.due[rows], out.due_null[rows] = f_due, False
        status = np.where(has_d[rows], np.where(f_late, _LATE, _ON_TIME),
                          np.where(f_over, _OVERDUE, _PENDING)).astype(np.int8)  # fmt: skip
        out.status[rows] = status
        if field in ("workdays_late", "days_late", "all"):
            end = np.where(f_late, f_d, np.where(f_over, f_a, f_due))
            out.late[rows] = self.seq[np.clip(end - lo, 0, span)] - self.seq[f_due - lo]
            out.late_null[rows] = ~(f_late | f_over)
            out.days[rows] = end - f_due
        if field in ("workdays_left", "all"):
            ahead = f_pend & (f_due > f_a)
            left = self.seq[f_due - lo] - self.seq[np.clip(f_a - lo, 0, span)]
            out.left[rows] = np.where(ahead, left, 0)
            out.left_null[rows] = ~f_pend
        out.prov[rows], out.prov_null[rows] = False, False

    def _exact(
        self, name: str, rule: str, t: I64, d: I64, a: I64, dnull: Mask, anull: Mask,
        e: I64, enull: Mask,
    ) -> _Cols:  # fmt: skip
        """Rows judged by check_columns itself (as check() judges them, row by row)."""
        from gov_deadlines.columns import check_columns

        n = t.size
        ext = None if enull.all() else _masked_ints(e, enull)
        try:
            with self._quiet():
                v = check_columns(
                    rule, t.astype("datetime64[D]"), done=_numpy_dates(d, dnull),
                    as_of=_numpy_dates(a, anull), extension=ext, calendar=self.cal,
                    catalog=self.catalog, lang=self.lang,
                )  # fmt: skip
        except GovDeadlinesError as exc:
            raise _sql_error(name, exc) from None
        out = _Cols.empty(n)
        due = np.asarray(v.due)
        out.due_null = np.isnat(due)
        out.due = np.where(out.due_null, 0, due.astype("datetime64[D]").view(np.int64))
        out.status = np.array([_CODE.get(s, -1) for s in np.asarray(v.status).tolist()], np.int8)
        for src, vals, nulls in (("workdays_late", "late", "late_null"),
                                 ("days_late", "days", None), ("workdays_left", "left",
                                                                "left_null")):  # fmt: skip
            col = getattr(v, src)
            setattr(out, vals, np.ma.getdata(col).astype(np.int64))
            if nulls is not None:
                setattr(out, nulls, np.ma.getmaskarray(col) if np.ma.isMaskedArray(col)
                        else np.zeros(n, dtype=bool))  # fmt: skip
        out.prov = np.ma.getdata(v.provisional).astype(bool)
        out.prov_null = (
            np.ma.getmaskarray(v.provisional)
            if np.ma.isMaskedArray(v.provisional)
            else np.zeros(n, dtype=bool)
        )
        out.error = np.asarray(v.error, dtype=object)
        return out


def _masked_ints(e: I64, nulls: Mask) -> Any:
    """An extension column for check_columns: an Arrow array when some are null."""
    if not nulls.any():
        return e
    pa = _pa()

    return pa.array(e, mask=nulls)


def _sql_error(name: str, exc: GovDeadlinesError) -> SQLFunctionError:
    """The error of a row or an argument, worded for a query's author."""
    if isinstance(exc, CalendarDataMissing):
        years = getattr(exc, "years", (exc.year,))
        named = ", ".join(str(y) for y in years[:12])
        return SQLFunctionError(
            f"{name}: rows of this query need days of years without holiday data (节假日安排): "
            f"{named}. Loaded: {_covered(exc)}. Register a calendar that has them -- "
            f"gov_deadlines.duckdb.register(con, calendar=WorkCalendar.default().with_years("
            f"'{years[0]}.json')) -- or opt into provisional Monday-Friday answers with "
            "calendar=WorkCalendar.default(unknown_years='weekends') and read gd_provisional(...)."
        )
    hint = " (SELECT DISTINCT id FROM gd_rules lists them)" if isinstance(exc, UnknownRule) else ""
    return SQLFunctionError(f"{name}: {exc.message('en')}{hint}")


def _covered(exc: CalendarDataMissing) -> str:
    text = str(exc)
    start = text.find("Loaded: ")
    if start < 0:
        return "?"
    return text[start + 8 : text.find(".", start)]
