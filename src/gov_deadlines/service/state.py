"""What a request computes with: one immutable :class:`Snapshot` of calendar and catalog.

A reload builds a whole new snapshot and swaps one reference, so a request that started on the
old data finishes on it, and no request ever sees half a reload. A data file that does not load
is refused: the old snapshot stays, and the refusal is logged.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gov_deadlines import WorkCalendar

if TYPE_CHECKING:
    from starlette.requests import Request

    from gov_deadlines import Catalog, UnknownYears

__all__ = ["Holder", "Settings", "Snapshot", "load", "settle", "snapshot"]

_log = logging.getLogger("gov_deadlines.service")
_MODES: tuple[UnknownYears, ...] = ("error", "weekends")


@attrs.frozen
class Settings:
    """How the service runs; ``gov-deadlines serve`` fills it from its options.

    ``max_body`` bounds a JSON body (bytes), ``max_batch`` the cases of a JSON batch,
    ``max_line`` one NDJSON line; ``poll`` (seconds) watches the data directory by polling, for
    network shares where change events do not arrive.
    """

    data_dir: str | None = None
    region: str | None = None
    unknown_years: UnknownYears = "error"
    admin_token: str | None = attrs.field(default=None, repr=False)
    max_body: int = 10 * 1024 * 1024
    max_batch: int = 10_000
    max_line: int = 64 * 1024
    watch: bool = True
    poll: float | None = None
    access_log: bool = True


@attrs.frozen
class Snapshot:
    """The data of one load: the calendar in both ``unknown_years`` modes (a request may opt in
    to provisional answers), the rule catalog, and what was read to build them."""

    calendars: Mapping[str, WorkCalendar]
    catalog: Catalog
    unknown_years: UnknownYears
    loaded_at: dt.datetime
    data_dir: str | None = None
    signature: tuple[Any, ...] = ()

    @property
    def calendar(self) -> WorkCalendar:
        """The calendar in the server's ``unknown_years`` mode."""
        return self.calendars[self.unknown_years]

    def calendar_for(self, unknown_years: str | None) -> WorkCalendar:
        """The calendar a request asked for (``None``: the server's mode)."""
        return self.calendars[unknown_years or self.unknown_years]

    @property
    def fingerprint(self) -> str:
        """The fingerprint of :attr:`calendar`, carried by every calendar-dependent answer."""
        return self.calendar.fingerprint


def load(settings: Settings) -> Snapshot:
    """Read everything a snapshot needs; raises the library's error for a file that is wrong."""
    from gov_deadlines import Catalog

    now = dt.datetime.now(dt.UTC)
    if settings.data_dir is None:
        calendars: dict[str, WorkCalendar] = {
            m: WorkCalendar.default(region=settings.region, unknown_years=m) for m in _MODES
        }
        return Snapshot(calendars, Catalog.default(), settings.unknown_years, now)
    from gov_deadlines.datadir import scan

    data = scan(settings.data_dir)
    calendars = {
        m: WorkCalendar.from_data_dir(data, region=settings.region, unknown_years=m) for m in _MODES
    }
    for cal in calendars.values():  # build the index now, not in the first request
        if cal.years:
            cal.is_workday(dt.date(cal.years[0], 1, 1))
    catalog = Catalog.from_data_dir(data)
    return Snapshot(calendars, catalog, settings.unknown_years, now, str(data.path), data.signature)


class Holder:
    """The current snapshot, replaced whole by :meth:`reload`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.current = load(settings)
        self._lock = threading.Lock()  # one reload at a time; readers never wait

    def reload(self) -> tuple[Snapshot, Snapshot]:
        """Load again and swap; returns (old, new). A file that does not load raises, and the
        old snapshot stays in use."""
        with self._lock:
            old = self.current
            try:
                new = load(self.settings)
            except Exception as exc:
                _log.warning(
                    "reload refused, previous data stays in use: %s", exc,
                    extra={"event": "reload_refused", "error": str(exc)},
                )  # fmt: skip
                raise
            self.current = new
            settle()
        _log.info(
            "data reloaded: fingerprint %s -> %s", old.fingerprint, new.fingerprint,
            extra={"event": "reloaded", "previous": old.fingerprint,
                   "fingerprint": new.fingerprint},
        )  # fmt: skip
        return old, new


def settle() -> None:
    """Move what is loaded out of the garbage collector's way: collect once, then freeze the
    survivors (the calendar, the catalog, the app) so that a full collection no longer walks
    them. A full collection over the loaded data took 11-13 ms, a pause that landed on
    whichever request was running (the batch p99). After a reload, unfreeze first so that
    the old snapshot can be freed."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def snapshot(request: Request) -> Snapshot:
    """The snapshot current when the request started; a handler takes it once and computes
    with it to the end. (Not a FastAPI dependency: resolving one cost ~40 µs a request, a fifth
    of a ``GET /v1/days``.)"""
    current: Snapshot = request.app.state.holder.current
    return current
