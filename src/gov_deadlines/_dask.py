"""Dask (and Spark): verdicts for registers past one machine (the ``dask`` extra).

:func:`check` maps :func:`check_partition` -- :func:`~gov_deadlines.columns.check_columns` over
one pandas partition -- over a Dask DataFrame. Every partition keeps its rows and their order;
the verdict columns are appended with declared dtypes (``meta``), so nothing is computed to
learn them.

**The calendar travels once per worker, not once per partition.** With a
``distributed.Client``, the driver's calendar and catalog are installed on every worker by a
worker plugin (``Client.register_plugin``, named by the calendar's fingerprint, so installing the
same data again is a no-op): each worker unpickles them once, also a worker that joins later,
and keeps them in a module-level cache keyed by the fingerprint. The partition tasks carry only
that fingerprint, so they have no dependency tying them to one worker, and the working-day index
(:mod:`gov_deadlines.columns`' arrays, cached by fingerprint too) is built once per worker.
Without a client (Dask's local schedulers) the calendar goes as one ``dask.delayed`` value every
partition task depends on. The driver's calendar is shipped rather than rebuilt on the workers
so that every verdict carries the driver's data, whatever data directory a worker would find.

Spark has no such graph; there :func:`check_partition` is the function of ``mapInPandas``
(docs/scale.md), and each Python worker builds the default calendar once.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Mapping
from typing import Any

from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.errors import InvalidArgument
from gov_deadlines.periods import Period
from gov_deadlines.rules import Catalog, Rule

# pandas and Dask are untyped here (no stubs required): frames are Any at this boundary.
__all__ = ["FIELDS", "check", "check_partition"]

#: The verdict columns appended, in order, and their pandas dtypes.
FIELDS = {
    "due": "datetime64[s]",
    "status": "string",
    "workdays_late": "Int64",
    "days_late": "Int64",
    "workdays_left": "Int64",
    "provisional": "boolean",
    "error": "string",
}

#: How many times a shipped calendar arrived in this process, by fingerprint (tests read it on
#: the workers: at most once each per computation).
ARRIVALS: Counter[str] = Counter()
_CALENDARS: dict[str, WorkCalendar] = {}
_CATALOGS: dict[str, Catalog | None] = {}
_LOCK = threading.Lock()


class _Key:
    """What a partition task carries with a client: the fingerprint of an installed calendar."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint

    @property
    def calendar(self) -> WorkCalendar:
        try:
            return _CALENDARS[self.fingerprint]
        except KeyError:
            raise RuntimeError(
                f"gov_deadlines.dask: calendar {self.fingerprint} is not installed on this worker "
                "(its plugin did not run here); call gov_deadlines.dask.check again"
            ) from None

    @property
    def catalog(self) -> Catalog | None:
        return _CATALOGS.get(self.fingerprint)


class _Install:
    """A worker plugin whose unpickling installs the calendar (see :class:`Shipped`)."""

    idempotent = True  # one per fingerprint: registering it again changes nothing

    def __init__(self, shipped: Shipped) -> None:
        self.shipped = shipped

    def setup(self, worker: Any) -> None:
        _CATALOGS[self.shipped.calendar.fingerprint] = self.shipped.catalog


class Shipped:
    """The calendar and catalog sent to the workers; unpickled once per worker process."""

    def __init__(self, calendar: WorkCalendar, catalog: Catalog | None) -> None:
        self.calendar, self.catalog = calendar, catalog

    def __getstate__(self) -> dict[str, Any]:
        return {"calendar": self.calendar, "catalog": self.catalog}

    def __setstate__(self, state: dict[str, Any]) -> None:
        cal: WorkCalendar = state["calendar"]
        key = cal.fingerprint
        with _LOCK:
            ARRIVALS[key] += 1
            # The same data arrived before (an earlier computation): keep the first copy, whose
            # index and arrays this worker has already built.
            self.calendar = _CALENDARS.setdefault(key, cal)
        self.catalog = state["catalog"]


def check(
    ddf: Any,
    *,
    rule: str | Rule | Period,
    trigger: str,
    done: str | None = None,
    as_of: str | dt.date | None = None,
    extension: str | None = None,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    names: Mapping[str, str] | None = None,
    lang: str = "zh",
) -> Any:
    """``ddf`` (a Dask DataFrame) with the verdict columns of :data:`FIELDS` appended: row ``i``
    is ``check(rule, ddf[trigger][i], ddf[done][i], as_of, extension=ddf[extension][i])``.

    ``trigger``, ``done`` and ``extension`` are column names; ``as_of`` is one date for the
    whole audit or a column name. ``names`` renames output columns (``{"due": "到期日"}``); a
    name already in ``ddf`` is refused. Rows needing years without data fail the computation
    with :class:`~gov_deadlines.columns.CalendarDataMissingRows` unless the calendar was made
    with ``unknown_years="weekends"`` (then ``provisional`` marks them). Lazy: nothing runs
    until ``.compute()`` or a write.

    >>> import dask.dataframe as dd, pandas as pd
    >>> df = pd.DataFrame({"收到日期": pd.to_datetime(["2024-02-08", "2024-03-01"])})
    >>> out = check(dd.from_pandas(df, npartitions=2), rule="ogi.request.reply", trigger="收到日期")
    >>> out.compute()["due"].dt.date.tolist()
    [datetime.date(2024, 3, 13), datetime.date(2024, 3, 29)]
    """
    cal = calendar or WorkCalendar.default()
    out_names = _names(names, list(ddf.columns))
    for what, col in (("trigger", trigger), ("done", done), ("extension", extension)):
        if col is not None and col not in ddf.columns:
            raise InvalidArgument(f"{what} column {col!r} is not in the frame: {list(ddf.columns)}")
    if isinstance(as_of, str) and as_of not in ddf.columns:
        raise InvalidArgument(f"as_of column {as_of!r} is not in the frame: {list(ddf.columns)}")
    shipped = _ship(cal, catalog)
    meta = _meta(ddf._meta, out_names)
    return ddf.map_partitions(
        _partition, shipped, rule=rule, trigger=trigger, done=done, as_of=as_of,
        extension=extension, names=out_names, lang=lang, meta=meta, align_dataframes=False,
    )  # fmt: skip


def _ship(cal: WorkCalendar, catalog: Catalog | None) -> Any:
    """What the partition tasks get: a key to the calendar installed on every worker of the
    current client, or (no client) one delayed value they all depend on."""
    from dask.delayed import delayed

    try:
        import distributed

        client = distributed.default_client()  # type: ignore[no-untyped-call]
    except (ImportError, ValueError):  # no distributed, or no client: a local scheduler
        return delayed(Shipped(cal, catalog), pure=True)
    plugin = __getattr__("CalendarPlugin")(Shipped(cal, catalog))
    client.register_plugin(plugin, name=f"gov_deadlines-calendar-{cal.fingerprint}")
    with _LOCK:  # the driver (a local cluster's tasks may run here too) has it at hand
        _CALENDARS.setdefault(cal.fingerprint, cal)
        _CATALOGS[cal.fingerprint] = catalog
    return _Key(cal.fingerprint)


def _partition(df: Any, shipped: Shipped | _Key, **kwargs: Any) -> Any:
    return check_partition(df, calendar=shipped.calendar, catalog=shipped.catalog, **kwargs)


def check_partition(
    df: Any,
    *,
    rule: str | Rule | Period,
    trigger: str,
    done: str | None = None,
    as_of: str | dt.date | None = None,
    extension: str | None = None,
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    names: Mapping[str, str] | None = None,
    lang: str = "zh",
) -> Any:
    """One pandas frame with the verdict columns appended (a copy; rows and index kept), the
    dtypes those of :data:`FIELDS` whatever the rows: the function Dask maps over partitions
    and Spark's ``mapInPandas`` calls per batch.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"t": pd.to_datetime(["2024-02-08"]),
    ...                    "d": pd.to_datetime(["2024-03-14"])})
    >>> out = check_partition(df, rule="ogi.request.reply", trigger="t", done="d")
    >>> out[["status", "workdays_late"]]
      status  workdays_late
    0   late              1
    """
    from gov_deadlines.columns import check_columns

    pd = _pandas()

    out_names = _names(names, list(df.columns))
    as_of_col = _dates(df[as_of]) if isinstance(as_of, str) else as_of
    v = check_columns(
        rule, _dates(df[trigger]), done=None if done is None else _dates(df[done]), as_of=as_of_col,
        extension=None if extension is None else df[extension], calendar=calendar,
        catalog=catalog, lang=lang,
    )  # fmt: skip
    cols = {}
    for field, dtype in FIELDS.items():
        col = getattr(v, field)
        if field in ("status", "error"):  # categories differ per partition: plain strings
            col = col.astype(object).where(col.notna(), None)
        cols[out_names[field]] = pd.Series(col, index=df.index).astype(dtype)
    return df.assign(**cols)


def _dates(col: Any) -> Any:
    """A column of Python dates (Spark hands DateType to pandas so) as datetime64, converted in
    one call instead of one date at a time; anything else as it is, for check_columns to read."""
    pd = _pandas()
    if col.dtype == object and pd.api.types.infer_dtype(col, skipna=True) == "date":
        return pd.to_datetime(col)
    return col


def _names(names: Mapping[str, str] | None, existing: list[Any]) -> dict[str, str]:
    out = {f: f for f in FIELDS}
    for field, name in (names or {}).items():
        if field not in FIELDS:
            raise InvalidArgument(f"names: unknown field {field!r}; fields: {', '.join(FIELDS)}")
        out[field] = name
    taken = [n for n in out.values() if n in existing]
    if taken:
        raise InvalidArgument(
            f"output columns {taken} are already in the frame; rename them with "
            f"names={{field: new_name}} (fields: {', '.join(FIELDS)})"
        )
    if len(set(out.values())) != len(out):
        raise InvalidArgument(f"names must give every field its own column, got {out}")
    return out


def _meta(empty: Any, names: Mapping[str, str]) -> Any:
    """The empty frame Dask is told the partitions will look like."""
    pd = _pandas()

    cols = {names[f]: pd.Series([], dtype=dtype, index=empty.index) for f, dtype in FIELDS.items()}
    return empty.assign(**cols)


def _pandas() -> Any:
    """pandas, untyped here (no stubs needed): Any at this boundary."""
    import importlib

    return importlib.import_module("pandas")


_PLUGIN: list[type] = []


def __getattr__(name: str) -> Any:
    """``CalendarPlugin``: :class:`_Install` as a ``distributed`` WorkerPlugin, made on first
    use (distributed is optional) under a module-level name, so workers unpickle it by name."""
    if name != "CalendarPlugin":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _PLUGIN:
        from distributed.diagnostics.plugin import WorkerPlugin

        cls = type("CalendarPlugin", (_Install, WorkerPlugin), {"__module__": __name__})
        cls.__qualname__ = "CalendarPlugin"
        _PLUGIN.append(cls)
    return _PLUGIN[0]
