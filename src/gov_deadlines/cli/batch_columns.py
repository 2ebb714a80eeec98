"""The batch's columns path: a run of records judged with :func:`gov_deadlines.columns.check_columns`
instead of one :func:`~gov_deadlines.check` per record, with the same result cells.

A record takes this path only when every cell the check reads is plain: a trigger (and a done
date) that is a date or text the date parser reads as a date, a rule id or period, and blank (or
"none") pause, extension, restart and channel cells. Its verdict must be plain too: a deadline of
a plain period, no finding besides late/overdue, nothing provisional, no reason. The period and
due date of each distinct (rule, trigger) are worded once, from a ``check()`` of that deadline;
the verdict's own words once per (status, days late, days left). Every other record -- and every
record of a run when numpy is missing, ``--explain full`` asks for the trace, or the check needs
years without data -- is left (None) for the row path, which answers it as it always has.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from typing import TYPE_CHECKING, Any

from gov_deadlines import messages
from gov_deadlines.cli.verdicts import short_head, short_tail
from gov_deadlines.explain import status_word

if TYPE_CHECKING:
    from gov_deadlines.cli.batch import _Row

__all__ = ["ColumnsPath", "columns_path"]

_EPOCH = 719163  # date(1970, 1, 1).toordinal(): numpy's day 0
#: Runs shorter than this are not worth the arrays (nor numpy's import for a small register).
MIN_ROWS = 64
#: A register smaller than this (bytes) runs on the row path: numpy's import would cost more.
MIN_BYTES = 256 << 10
_PLAIN = ("on_time", "late", "pending", "overdue")


def columns_path(row: _Row, register: str | None) -> ColumnsPath | None:
    """The columns path for this run, or None (the row path does everything).

    ``GOV_DEADLINES_BATCH=rows`` or ``=columns`` forces a path (for tests and measurements);
    by default, registers of ``MIN_BYTES`` or more take it when numpy is installed.
    """
    choice = os.environ.get("GOV_DEADLINES_BATCH", "auto").strip().lower()
    if choice == "rows" or row.explain == "full":  # the full explanation is the trace
        return None
    if choice != "columns":
        try:
            if register is None or os.path.getsize(register) < MIN_BYTES:
                return None
        except OSError:
            return None
    if row.as_of is not None and type(row.as_of) is not dt.date:
        return None  # a moment: the row path reads its time
    try:
        import numpy  # noqa: F401

        from gov_deadlines.columns import check_columns  # noqa: F401
    except ImportError:  # the core install: the row path, as before
        return None
    return ColumnsPath(row)


class ColumnsPath:
    """Judges runs of records; holds the caches that make repeated values cost nothing."""

    def __init__(self, row: _Row) -> None:
        self.row = row
        c = row.cols
        self.trigger = c.trigger
        self.done = c.done
        self.rule_col = c.rule
        # Cells that must be blank (or a "none" marker) for a record to take this path.
        self.none_cols = [i for i in (c.pause, c.extension, c.restart) if i is not None]
        self.blank_cols = [i for i in (c.channel,) if i is not None]
        self.lang = row.lang
        self.sep = messages.text("words.sep.list", row.lang)
        self._required: dict[Any, int] = {}  # trigger cell -> day number (-1: row path)
        self._optional: dict[Any, int] = {}  # done cell -> day number, -2 none (-1: row path)
        self._rules: dict[Any, Any] = {}  # rule cell -> rule or period (None: row path)
        self._deadlines: dict[tuple[Any, int], tuple[Any, ...] | None] = {}
        self._tails: dict[tuple[str, int, int], str] = {}
        self._days: dict[int, Any] = {}
        self.fingerprint = row.ctx.calendar.fingerprint
        a = row.as_of
        self.as_of = None if a is None else a.toordinal() - _EPOCH
        self.words = {s: status_word(s, row.lang) for s in _PLAIN}

    # -- cells -------------------------------------------------------------------------------

    def _day(self, value: Any, required: bool) -> int:
        """The day number of a date cell; -2 for a blank or none cell (optional cells), -1 for
        anything the row path must read (errors, times of day, numbers, formulas)."""
        if type(value) is str:
            text = value.strip()
            if not text:
                return -1 if required else -2
            if not required and text in self.row.none:
                return -2
            from gov_deadlines.cli.batch import _parse_text
            from gov_deadlines.dates import DateParseError

            try:
                day = _parse_text(text)
            except (DateParseError, ValueError, OverflowError):
                return -1
            return day.toordinal() - _EPOCH if type(day) is dt.date else -1
        if value is None:
            return -1 if required else -2
        if type(value) is dt.date:
            return value.toordinal() - _EPOCH
        return -1

    def _rule(self, value: Any) -> Any:
        if type(value) is not str or not value.strip():
            return None
        try:
            return self.row.ctx.rule(value.strip())
        except Exception:  # an unknown id: the row path words the error
            return None

    def _plain(self, cells: list[Any]) -> bool:
        n = len(cells)
        for i in self.none_cols:
            if i < n:
                v = cells[i]
                if v is None:
                    continue
                if type(v) is not str:
                    return False
                v = v.strip()
                if v and v not in self.row.none:
                    return False
        for i in self.blank_cols:
            if i < n:
                v = cells[i]
                if v is not None and (type(v) is not str or v.strip()):
                    return False
        return True

    # -- a run -------------------------------------------------------------------------------

    def judge(self, chunk: list[list[Any]]) -> list[tuple[list[Any], str] | None] | None:
        """Per record, its result cells and status, or None for the row path; None for all."""
        n = len(chunk)
        if n < MIN_ROWS:
            return None
        import numpy as np

        t, d, r = self.trigger, self.done, self.rule_col
        required, optional = self._required, self._optional
        trig = [0] * n
        done = [-2] * n
        rules: list[Any] = [self.row.fixed_rule] * n if r is None else [None] * n
        take = [False] * n
        check_extra = bool(self.none_cols or self.blank_cols)
        for k, cells in enumerate(chunk):
            width = len(cells)
            value = cells[t] if t < width else None
            day = required.get(value) if type(value) is str else None
            if day is None:
                day = self._day(value, True)
                if type(value) is str:
                    required[value] = day
            if day < 0:
                continue
            trig[k] = day
            if d is not None:
                value = cells[d] if d < width else None
                got = optional.get(value) if type(value) is str else None
                if got is None:
                    got = self._day(value, False)
                    if type(value) is str:
                        optional[value] = got
                if got == -1:
                    continue
                done[k] = got
            if r is not None:
                value = cells[r] if r < width else None
                rule = self._rules.get(value, False) if type(value) is str else None
                if rule is False:
                    rule = self._rules[value] = self._rule(value)
                if rule is None:
                    continue
                rules[k] = rule
            if check_extra and not self._plain(cells):
                continue
            take[k] = True
        rows = [k for k in range(n) if take[k]]
        if not rows:
            return [None] * n
        return self._results(n, rows, trig, done, rules, np)

    def _results(
        self, n: int, rows: list[int], trig: list[int], done: list[int], rules: list[Any], np: Any
    ) -> list[tuple[list[Any], str] | None]:
        from gov_deadlines.columns import check_columns
        from gov_deadlines.errors import CalendarDataMissing, ProvisionalDataWarning

        row = self.row
        t_days = np.array([trig[k] for k in rows], dtype=np.int64)
        d_days = np.array([done[k] for k in rows], dtype=np.int64)
        no_done = d_days == -2
        d_days[no_done] = np.iinfo(np.int64).min  # NaT
        rule_arg = row.fixed_rule if self.rule_col is None else [rules[k] for k in rows]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ProvisionalDataWarning)
                v = check_columns(
                    rule_arg, t_days.view("datetime64[D]"),
                    done=d_days.view("datetime64[D]") if self.done is not None else None,
                    as_of=row.as_of, calendar=row.ctx.calendar, catalog=row.ctx.catalog,
                    lang=self.lang,
                )  # fmt: skip
        except CalendarDataMissing:  # rows need years without data: each one says so itself
            return [None] * n
        except Exception:  # anything else the row path words per record
            return [None] * n
        due = v.due.view(np.int64).tolist()
        status = v.status.tolist()
        late = np.ma.filled(v.workdays_late, -1).tolist()
        days = np.ma.filled(v.days_late, -1).tolist()
        left = np.ma.filled(v.workdays_left, -1).tolist()
        prov = np.ma.filled(v.provisional, True).tolist()
        err = v.error.tolist()
        out: list[tuple[list[Any], str] | None] = [None] * n
        as_text, explain = row.as_text, row.explain
        fp = self.fingerprint
        deadlines, tails, words = self._deadlines, self._tails, self.words
        for j, k in enumerate(rows):
            s = status[j]
            if s not in words or prov[j] or err[j] is not None:
                continue
            key = (rules[k], trig[k])
            info = deadlines.get(key, False)
            if info is False:
                info = deadlines[key] = self._deadline(rules[k], trig[k])
            if info is None or info[0] != due[j]:
                continue
            _, rule_id, citation, head, due_text, due_date, other = info
            if other is not None and self._other(done[k], other) != s:
                continue  # the reading of the receipt day matters: the row path warns
            lt, dy, lf = late[j], days[j], left[j]
            if explain == "short":
                tkey = (s, lt, lf)
                tail = tails.get(tkey)
                if tail is None:
                    parts = short_tail(s, None if lt < 0 else lt, None if lf < 0 else lf, self.lang)
                    tail = tails[tkey] = self.sep.join(parts)
                explanation = head + self.sep + tail
            else:
                explanation = ""
            if as_text:
                cells = [
                    due_text, s, words[s],
                    "" if lt < 0 else str(lt), "" if lt < 0 else str(dy), "" if lf < 0 else str(lf),
                    "false", rule_id, citation, explanation, "", fp,
                ]  # fmt: skip
            else:
                cells = [
                    due_date, s, words[s],
                    None if lt < 0 else lt, None if lt < 0 else dy, None if lf < 0 else lf,
                    False, rule_id, citation, explanation, "", fp,
                ]  # fmt: skip
            out[k] = (cells, s)
        return out

    def _other(self, done: int, due: int) -> str:
        """The status under the other reading of the receipt day (due ``due``), as judged."""
        if done != -2:
            return "on_time" if done <= due else "late"
        if self.as_of is not None:
            return "overdue" if self.as_of > due else "pending"
        return "pending"

    def _deadline(self, rule: Any, day: int) -> tuple[Any, ...] | None:
        """(due day number, rule id, citation, head of the explanation, due text, due date, the
        due day under the other reading of a receipt day or None) of the deadline a trigger
        gives, from ``check()`` itself; None if not a plain deadline."""
        from gov_deadlines import ProvisionalDataWarning, check

        row = self.row
        trigger = dt.date.fromordinal(day + _EPOCH)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ProvisionalDataWarning)
                v = check(
                    rule, trigger, calendar=row.ctx.calendar, catalog=row.ctx.catalog, trace=False
                )
        except Exception:
            return None
        d = v.deadline
        if (
            d is None or v.reason is not None or v.provisional or d.provisional or d.violations
            or v.warnings or d.due_at is not None or d.period is None or d.extended or d.paused
            or (v.rule is not None and v.rule.kind != "deadline")
        ):  # fmt: skip
            return None
        lang = self.lang
        if v.rule is not None:
            rule_id, citation = v.rule.id, v.rule.citation_text(lang)
        else:
            rule_id, citation = str(d.period), ""
        head = self.sep.join(short_head(d.period, 0, 0, d.trigger, v.due, lang))
        other = None
        if d.receipt_assumed:  # check() warns when reading the day itself changes the status
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ProvisionalDataWarning)
                    w = check(
                        rule, trigger, calendar=row.ctx.calendar, catalog=row.ctx.catalog,
                        trace=False, trigger_on_rest_day="as_is",
                    )  # fmt: skip
            except Exception:
                return None
            if w.due is None or w.provisional:
                return None
            other = w.due.toordinal() - _EPOCH
        due = v.due
        return (due.toordinal() - _EPOCH, rule_id, citation, head, str(due), due, other)
