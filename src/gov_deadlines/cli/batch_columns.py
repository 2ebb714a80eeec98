"""The batch's columns path: a run of records judged with
:func:`gov_deadlines.columns.check_columns` instead of one :func:`~gov_deadlines.check` per
record, with the same result cells.

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
import itertools
import operator
import os
import warnings
from typing import TYPE_CHECKING, Any

from gov_deadlines import messages
from gov_deadlines.cli.verdicts import short_head, short_tail
from gov_deadlines.explain import status_word

if TYPE_CHECKING:
    from gov_deadlines.cli.batch import _Row

__all__ = ["ColumnsPath", "columns_path", "safe_cells"]

_EPOCH = 719163  # date(1970, 1, 1).toordinal(): numpy's day 0
#: Runs shorter than this are not worth the arrays (nor numpy's import for a small register).
MIN_ROWS = 64
#: A register smaller than this (bytes) runs on the row path: numpy's import would cost more.
MIN_BYTES = 256 << 10
_PLAIN = ("on_time", "late", "pending", "overdue")
_ODD = object()  # a cell only the row path reads (a number, a formula, a moment)
_NAT = -(1 << 63)  # numpy's NaT as a day number
_NONE = -(1 << 62)  # no other reading of the receipt day
_K = 1 << 20  # packs (status, late, left) into one key
_OFF = 1 << 17  # day numbers within +-_OFF (years 1611-2328) pack into 18 bits of a key
_MASK = (1 << 18) - 1
_MISS = object()  # a key not judged yet
_BAD = -(1 << 70)  # a key part only the row path reads: the key is negative
_ROWPATH = -(1 << 40)  # a date cell only the row path reads
_NODAY = -(1 << 41)  # a blank or "none" date cell
_NODONE = -(1 << 42)  # no done day, in the arrays judged
_MAX_JUDGED = 1 << 17  # distinct (rule, trigger, done) kept: tens of MB at most


def _safe(text: str) -> bool:
    """Whether a result cell is plain text that no writer changes (no formula character first,
    nothing an XLSX cell cannot hold), so the writer need not test it again."""
    from gov_deadlines.io.writers import neutralise, xlsx_illegal

    return neutralise(text) == text and not xlsx_illegal(text)


def safe_cells(cells: list[Any]) -> bool:
    """Whether every cell is text that no writer changes (see ``_safe``)."""
    return all(type(c) is str and _safe(c) for c in cells)


def _first_index(uniq: Any, keys: Any, np: Any) -> Any:
    """For each of the sorted distinct ``uniq``, the first position of it in ``keys``."""
    order = np.argsort(keys, kind="stable")
    pos = np.searchsorted(keys[order], uniq)
    return order[pos]


def _first_of(uniq: Any, keys: Any, values: Any, np: Any) -> Any:
    """For each distinct key, the value at its first position."""
    return values[_first_index(uniq, keys, np)]


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
        self._rule_list: list[Any] = []
        self._deadlines: dict[int, tuple[Any, ...] | None] = {}
        self._tails: dict[tuple[int, int, int], str] = {}
        self._numbers: list[str] = [""]
        self._warnings: dict[tuple[int, int, int], str] = {}
        #: (rule, trigger, done) key -> the record's cells and status (None: the row path).
        self._judged: dict[int, tuple[Any, ...] | None] = {}
        # Cell -> its part of a key: trigger, done, rule, "none" and blank cells.
        self._tkey: dict[Any, int] = {}
        self._dkey: dict[Any, int] = {}
        self._rkey: dict[Any, int] = {}
        self._nkey: dict[Any, int] = {}
        self._bkey: dict[Any, int] = {}
        #: Every cell is text (a CSV register): no per-cell test of types.
        self.text_only = False
        #: A CSV output's encoder, when runs may go out as text (see ``tails``).
        self.csv: Any = None
        self.fingerprint = row.ctx.calendar.fingerprint
        a = row.as_of
        self.as_of = None if a is None else a.toordinal() - _EPOCH
        self.words = {s: status_word(s, row.lang) for s in _PLAIN}
        #: Whether the cells this path makes are all plain (see _safe): the words and the
        #: fingerprint; each deadline's texts are checked as they are made, tails below.
        self.safe = all(map(_safe, [*self.words.values(), self.fingerprint, self.sep]))

    # -- cells -------------------------------------------------------------------------------

    def _day(self, value: Any, required: bool) -> int:
        """The day number of a date cell; ``_NODAY`` for a blank or none cell (optional cells),
        ``_ROWPATH`` for anything the row path must read (errors, times of day, numbers)."""
        if type(value) is str:
            text = value.strip()
            if not text:
                return _ROWPATH if required else _NODAY
            if not required and text in self.row.none:
                return _NODAY
            from gov_deadlines.cli.batch import _parse_text
            from gov_deadlines.dates import DateParseError

            try:
                day = _parse_text(text)
            except (DateParseError, ValueError, OverflowError):
                return _ROWPATH
            return day.toordinal() - _EPOCH if type(day) is dt.date else _ROWPATH
        if value is None:
            return _ROWPATH if required else _NODAY
        if type(value) is dt.date:
            return value.toordinal() - _EPOCH
        return _ROWPATH

    def _rule(self, value: Any) -> Any:
        if type(value) is not str or not value.strip():
            return None
        try:
            return self.row.ctx.rule(value.strip())
        except Exception:  # an unknown id: the row path words the error
            return None

    # -- a run -------------------------------------------------------------------------------

    def judge(self, chunk: list[list[Any]]) -> list[tuple[Any, ...] | None] | None:
        """Per record, its result cells and status, or None for the row path; None for all.

        A record's result cells follow from its rule, trigger day and done day (everything else
        is the same for the whole run): each cell is mapped, through caches, to its part of a
        key (in C, no Python code per record); each distinct key is judged once, as columns,
        and then looked up. A part that the row path must read makes the key negative.
        """
        n = len(chunk)
        if n < MIN_ROWS:
            return None
        import numpy as np

        keys = self._parts(self._column(chunk, self.trigger), self._tkey, self._trigger_part)
        if self.done is not None:
            part = self._parts(self._column(chunk, self.done), self._dkey, self._done_part)
            keys = list(map(operator.add, keys, part))
        if self.rule_col is not None:
            col = self._column(chunk, self.rule_col)
            keys = list(map(operator.add, keys, self._parts(col, self._rkey, self._rule_part)))
        for i in self.none_cols:
            col = self._column(chunk, i)
            keys = list(map(operator.add, keys, self._parts(col, self._nkey, self._none_part)))
        for i in self.blank_cols:
            col = self._column(chunk, i)
            keys = list(map(operator.add, keys, self._parts(col, self._bkey, self._blank_part)))
        cache = self._judged
        got: list[Any] = list(map(cache.get, keys, itertools.repeat(_MISS, n)))
        if _MISS not in got:  # every key judged before (most runs of a long register)
            return got
        new = set(keys).difference(cache)
        if new:
            if len(cache) + len(new) > _MAX_JUDGED:
                cache.clear()  # memory stays bounded; what is gone is judged again
                new = set(keys)
            good = [k for k in new if k >= 0]
            cache.update(dict.fromkeys([k for k in new if k < 0]))  # the row path's
            if good:
                packed = np.array(good, dtype=np.int64)
                codes = packed >> 36
                trig = ((packed >> 18) & _MASK) - _OFF
                enc = packed & _MASK
                done = np.where(enc == 0, _NODONE, enc - _OFF - 1)
                judged = self._results(packed.size, np.arange(packed.size), trig, done, codes, np)
                if judged is None:  # the run needs years without data: the row path, uncached
                    return [cache.get(k) for k in keys]
                cache.update(zip(good, judged, strict=True))
        return list(map(cache.__getitem__, keys))

    @staticmethod
    def _parts(col: list[Any], cache: dict[Any, int], make: Any) -> list[Any]:
        got: list[Any] = list(map(cache.get, col))
        if None in got:
            for value in set(col).difference(cache):
                cache[value] = make(value)
            got = list(map(cache.__getitem__, col))
        return got

    def _trigger_part(self, value: Any) -> int:
        day = self._day(value, True)
        return (day + _OFF) << 18 if 0 <= day + _OFF <= _MASK else _BAD

    def _done_part(self, value: Any) -> int:
        """0 for no done day, else the day + _OFF + 1 (1 to _MASK)."""
        day = self._day(value, False)
        if day == _NODAY:
            return 0
        return day + _OFF + 1 if 1 <= day + _OFF + 1 <= _MASK else _BAD

    def _rule_part(self, value: Any) -> int:
        rule = self._rule(value)
        if rule is None:
            return _BAD
        self._rule_list.append(rule)
        return (len(self._rule_list) - 1) << 36

    def _none_part(self, value: Any) -> int:
        return 0 if self._is_blank(value, True) else _BAD

    def _blank_part(self, value: Any) -> int:
        return 0 if self._is_blank(value, False) else _BAD

    def _is_blank(self, value: Any, none_ok: bool) -> bool:
        """Whether a cell is blank (or, ``none_ok``, a "none" marker)."""
        if value is None:
            return True
        if type(value) is str:
            text = value.strip()
            return not text or (none_ok and text in self.row.none)
        return False

    def _column(self, chunk: list[list[Any]], i: int) -> list[Any]:
        """Column ``i`` of the run (None past a short row's end); cells other than text, None
        and dates become a marker the caches send to the row path."""
        try:
            col = list(map(operator.itemgetter(i), chunk))
        except IndexError:
            col = [cells[i] if i < len(cells) else None for cells in chunk]
        if self.text_only:  # a CSV register: every cell is text
            return col
        odd = _ODD
        return [v if type(v) is str or v is None or type(v) is dt.date else odd for v in col]

    def _results(
        self, n: int, rows: Any, trig: Any, done: Any, codes: Any, np: Any
    ) -> list[tuple[Any, ...] | None] | None:
        """Per record of ``rows`` (of ``n``): its cells and status, or None for the row path;
        None for all when the check cannot run on these records together."""
        row = self.row
        no_done = done == _NODONE
        if self.rule_col is None:
            rule_arg: Any = row.fixed_rule
            keys = trig
        else:
            rule_arg = [self._rule_list[c] for c in codes.tolist()]
            keys = (codes << 32) + (trig + (1 << 31))
        verdicts = self._verdicts(rule_arg, trig, np.where(no_done, _NAT, done), np)
        if verdicts is None:
            return None
        due, status, late, days, left, counted, prov, err = verdicts
        # The deadline of each distinct (rule, trigger), worded once.
        uniq, inv = np.unique(keys, return_inverse=True)
        inv = inv.reshape(-1)
        infos = [self._info(k, trig_day) for k, trig_day in zip(
            uniq.tolist(), _first_of(uniq, keys, trig, np).tolist(), strict=True
        )]  # fmt: skip
        plain = np.array([i is not None for i in infos], dtype=bool)
        info_due = np.array([i[0] if i else 0 for i in infos], dtype=np.int64)
        info_other = np.array([i[6] if i and i[6] is not None else _NONE for i in infos])
        keep = (status >= 0) & ~prov & ~err & counted & plain[inv] & (info_due[inv] == due)
        other = info_other[inv]
        receipt = other != _NONE
        warned = np.zeros(rows.size, dtype=bool)
        if receipt.any():  # the status under the other reading of the receipt day
            o = np.where(done <= other, 0, 1)  # on_time / late
            if self.as_of is not None:
                o = np.where(no_done, np.where(self.as_of > other, 3, 2), o)
            else:
                o = np.where(no_done, 2, o)
            warned = receipt & (o != status)  # check() warns: the reading matters
        at = np.flatnonzero(keep)
        out: list[tuple[Any, ...] | None] = [None] * n
        if not at.size:
            return out
        st = status[at]
        lt, dy, lf = late[at], days[at], left[at]
        which = inv[at].tolist()
        names = [_PLAIN[c] for c in range(len(_PLAIN))]
        st_names = [names[c] for c in st.tolist()]
        if row.explain == "short":
            texts = self._texts(st, lt, lf, [infos[w][3] for w in which], np)
            for j in np.flatnonzero(warned[at]).tolist():  # the finding, after the line
                i = int(at[j])
                texts[j] += self.sep + self._warning(int(status[i]), int(o[i]), int(other[i]))
        else:
            texts = [""] * at.size
        results = self._cells(infos, which, st_names, (lt, dy, lf), texts)
        ends = self.tails(results)
        for k, res, s, end in zip(rows[at].tolist(), results, st_names, ends, strict=True):
            # With the text, the cells are not kept (memory): a run that needs them as cells
            # (a NUL in the register, ragged rows) has those records answered by the row path.
            out[k] = (res, s, None) if end is None else (None, s, end)
        return out

    def _verdicts(self, rule_arg: Any, trig: Any, done: Any, np: Any) -> tuple[Any, ...] | None:
        """``check_columns`` over the records, as integer arrays: due, status code (-1: not a
        plain status), workdays late, days late, workdays left (-1: a blank cell), whether the
        counts are plain, provisional, error; None when the check cannot run on them together
        (rows needing years without data, anything else): the row path words each record."""
        from gov_deadlines.columns import check_columns
        from gov_deadlines.errors import ProvisionalDataWarning

        row = self.row
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ProvisionalDataWarning)
                v = check_columns(
                    rule_arg, trig.view("datetime64[D]"),
                    done=done.view("datetime64[D]") if self.done is not None else None,
                    as_of=row.as_of, calendar=row.ctx.calendar, catalog=row.ctx.catalog,
                    lang=self.lang,
                )  # fmt: skip
        except Exception:  # CalendarDataMissing, or anything else: the row path says why
            return None
        status = np.full(trig.size, -1, dtype=np.int64)
        for code, name in enumerate(_PLAIN):
            status[v.status == name] = code
        # Counts are never negative; -1 stands for a blank cell (a count a row has none of).
        late_null = np.ma.getmaskarray(v.workdays_late)
        left_null = np.ma.getmaskarray(v.workdays_left)
        late = np.where(late_null, -1, np.ma.getdata(v.workdays_late)).astype(np.int64)
        days = np.where(late_null, -1, np.ma.getdata(v.days_late)).astype(np.int64)
        left = np.where(left_null, -1, np.ma.getdata(v.workdays_left)).astype(np.int64)
        counted = (late_null | (late >= 0) & (days >= 0)) & (left_null | (left >= 0))
        prov = np.ma.filled(v.provisional, True)
        err = v.error != None  # noqa: E711 -- elementwise
        return v.due.view(np.int64), status, late, days, left, counted, prov, err

    def _texts(self, st: Any, lt: Any, lf: Any, heads: list[str], np: Any) -> list[str]:
        """The short explanation of each kept record: its deadline's words (``heads``), then
        the outcome's, each distinct (status, late, left) worded once."""
        tail_key = (st * _K + (lt + 1)) * _K + (lf + 1)
        t_uniq, t_inv = np.unique(tail_key, return_inverse=True)
        firsts = _first_index(t_uniq, tail_key, np)
        tails = [self._tail(int(st[j]), int(lt[j]), int(lf[j])) for j in firsts.tolist()]
        sep = self.sep
        return [h + sep + tails[j] for h, j in zip(heads, t_inv.reshape(-1).tolist(), strict=True)]

    def _cells(
        self, infos: list[Any], which: list[int], st_names: list[str],
        counts: tuple[Any, Any, Any], texts: list[str],
    ) -> list[list[Any]]:  # fmt: skip
        """The result cells of each kept record: as text for text outputs, else typed."""
        ids = [infos[w][1] for w in which]
        cites = [infos[w][2] for w in which]
        words = [self.words[x] for x in st_names]
        fp = self.fingerprint
        lt, dy, lf = counts
        if self.row.as_text:
            strs = self._strs(int(max(lt.max(), dy.max(), lf.max())))
            dues = [infos[w][4] for w in which]
            a, b, c = ([strs[x] for x in (col + 1).tolist()] for col in counts)
            provisional: Any = "false"
        else:
            dues = [infos[w][5] for w in which]
            a, b, c = ([None if x < 0 else x for x in col.tolist()] for col in counts)
            provisional = False
        return [
            [du, s, w, x, y, z, provisional, i, ci, e, "", fp]
            for du, s, w, x, y, z, i, ci, e in zip(
                dues, st_names, words, a, b, c, ids, cites, texts, strict=True
            )
        ]

    def tails(self, results: list[list[Any]]) -> list[str | None]:
        """Each result's CSV text as it ends an output line (the delimiter first, the line end
        last), for a CSV output that takes text (``csv``); None each when it cannot be made."""
        enc = self.csv
        if enc is None or not results:
            return [None] * len(results)
        from gov_deadlines.io.writers import _csv_row

        parts = enc.pieces([_csv_row(r) for r in results])
        if parts is None:
            return [None] * len(results)
        sep, end = enc.sep, enc.end
        return [sep + part + end for part in parts]

    def _info(self, key: int, day: int) -> tuple[Any, ...] | None:
        if key in self._deadlines:
            return self._deadlines[key]
        rule = self.row.fixed_rule if self.rule_col is None else self._rule_list[key >> 32]
        info = self._deadlines[key] = self._deadline(rule, day)
        return info

    def _tail(self, status: int, late: int, left: int) -> str:
        key = (status, late, left)
        text = self._tails.get(key)
        if text is None:
            parts = short_tail(
                _PLAIN[status], None if late < 0 else late, None if left < 0 else left, self.lang
            )
            text = self._tails[key] = self.sep.join(parts)
            if not _safe(text):
                self.safe = False
        return text

    def _warning(self, status: int, other: int, due: int) -> str:
        """The words of check()'s receipt_reading_matters finding, as short explanations end."""
        key = (status, other, due)
        text = self._warnings.get(key)
        if text is None:
            from gov_deadlines.trace import Finding

            finding = Finding(
                "receipt_reading_matters",
                {"status": _PLAIN[status], "as_is_status": _PLAIN[other],
                 "as_is_due": dt.date.fromordinal(due + _EPOCH)},
            )  # fmt: skip
            text = self._warnings[key] = finding.text(self.lang).rstrip("。.")
            if not _safe(text):
                self.safe = False
        return text

    def _strs(self, most: int) -> list[str]:
        """ "" then "0", "1", ... up to ``most``: numbers as cells, by number + 1."""
        have = self._numbers
        while len(have) < most + 2:
            have.append(str(len(have) - 1))
        return have

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
        if not all(map(_safe, (rule_id, citation, head))):
            return None  # a cell the writer would change: the row path's cells go through it
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
        if due is None:
            return None
        return (due.toordinal() - _EPOCH, rule_id, citation, head, str(due), due, other)
