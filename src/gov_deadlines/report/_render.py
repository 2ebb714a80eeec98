"""Result records -> one self-contained HTML page (Jinja2 template, SVG pictures)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gov_deadlines._version import __version__
from gov_deadlines.calendar import WorkCalendar
from gov_deadlines.errors import GovDeadlinesError
from gov_deadlines.messages import texts
from gov_deadlines.report import svg
from gov_deadlines.report._records import (
    STATUSES,
    VIOLATIONS,
    Row,
    Summary,
    cell_date,
    cell_pauses,
    group_rows,
    normalise,
    summarise,
)
from gov_deadlines.report.picture import Picture, picture

__all__ = ["MAX_PICTURES", "MissingExtra", "render_report"]

#: Violations beyond this many go to an appendix table without pictures (keeps a 100k-row
#: report printable and under 10 MB).
MAX_PICTURES = 1000


class MissingExtra(GovDeadlinesError, ImportError):
    """An optional dependency is not installed; the message says which extra to install."""


def words(lang: str) -> dict[str, Any]:
    """Every word of the report in ``lang`` (``"zh"`` or ``"en"``), keyed by code, from the
    message catalog (``messages/data/report.toml``); ``weekdays``: the grids' column heads.

    >>> words("zh")["on_time"], words("en")["on_time"]
    ('按期', 'On time')
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang: expected 'zh' or 'en', got {lang!r}")
    found: dict[str, Any] = texts("report", lang)
    found["weekdays"] = [found.pop(f"weekday.{i}") for i in range(7)]
    return found


@functools.cache
def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise MissingExtra.coded("errors.report.jinja2") from None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gov_deadlines.report", "templates"),
        autoescape=True,  # register cells are data from outside: always escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda r: "—" if r is None else f"{r * 100:.1f}%"
    env.filters["cell"] = lambda v: "" if v is None else v
    return env


def render_report(
    records: Iterable[Mapping[str, Any]],
    *,
    lang: str = "zh",
    group_by: str | None = None,
    trigger_col: str | None = None,
    done_col: str | None = None,
    pause_col: str | None = None,
    restart_col: str | None = None,
    title: str | None = None,
    as_of: dt.date | None = None,
    source: str | None = None,
    calendar: WorkCalendar | None = None,
    max_pictures: int = MAX_PICTURES,
) -> str:
    """The audit report (审计报告附件) of ``records`` as one self-contained HTML page.

    ``records`` are dicts keyed as ``gov-deadlines check ... -o results.jsonl`` writes them (the
    register's columns, then ``due``, ``status``, ... or 截止日期, 状态, ...). ``group_by`` is a
    column, or ``"month:COL"`` for the month of a date column. With ``trigger_col`` (and
    ``done_col``, ``pause_col``, ``restart_col``) each violation gets a calendar picture drawn
    with ``calendar`` (default: the bundled national calendar). ``as_of`` is only shown.
    Raises :class:`MissingExtra` without Jinja2.

    >>> html = render_report([{"编号": "1", "status": "on_time", "error": ""}], lang="en")
    >>> "On-time rate" in html and "100.0%" in html
    True
    """
    env = _environment()
    w = words(lang)
    cal = calendar if calendar is not None else WorkCalendar.default()
    rows = normalise(records)
    summary = summarise(rows)
    rules = Counter(
        (str(r.result.get("rule")), str(r.result.get("citation") or ""))
        for r in rows
        if r.result.get("rule")
    )
    fingerprints = Counter(str(r.result["calendar"]) for r in rows if r.result.get("calendar"))
    groups = group_rows(rows, group_by, w["group_none"]) if group_by else []
    bars = [(g.key, g.summary.on_time_rate, _caption(g.summary)) for g in groups]
    chart = svg.bar_chart(bars, label=w["chart"], none_text="—") if groups else ""

    bad = sorted(
        (r for r in rows if r.status in VIOLATIONS and not r.error),
        key=lambda r: (-r.workdays_late, r.number),
    )
    drawer = _Drawer(cal, w, trigger_col, done_col, pause_col, restart_col, as_of)
    violations = [_card(r, w, drawer) for r in bad[:max_pictures]]
    return str(
        env.get_template("report.html.j2").render(
            w=w,
            lang=lang,
            title=title or w["title"],
            version=__version__,
            source=source,
            as_of=as_of.isoformat() if as_of else None,
            summary=summary,
            statuses=STATUSES,
            rules=sorted(rules.items()),
            fingerprints=sorted(fingerprints.items()),
            drawn_with=cal.fingerprint,
            sources=sorted({s.label for s in cal.sources}),
            group_by=group_by,
            groups=groups,
            chart=_markup(chart),
            legend=_markup(svg.legend(w, {"makeup_workday": w["mark_makeup"]})),
            picture_css=_markup(svg.CSS),
            month_defs=_month_defs(violations, w),
            pictures=trigger_col is not None,
            violations=violations,
            **_tables(rows, bad[max_pictures:], trigger_col, done_col),
        )
    )


def _tables(
    rows: Sequence[Row], rest: Sequence[Row], trigger_col: str | None, done_col: str | None
) -> dict[str, Any]:
    """What the appendix and the error table show: the violations without a picture by status
    (a heading instead of the same word on 40,000 rows; each part still most working days late
    first), the key columns, and whether the record number needs a column of its own."""
    columns = list(rows[0].cells) if rows else []
    # A register numbered 1, 2, 3... in its first column (序号) shows that column alone: the
    # record number beside it would repeat the same digits on every row.
    numbered = bool(columns) and all(
        str(r.cells.get(columns[0], "")).strip() == str(r.number) for r in rows
    )
    return {
        "appendix": [(s, part) for s in VIOLATIONS if (part := [r for r in rest if r.status == s])],
        "appendix_rows": len(rest),
        "key_cols": [c for c in (*columns[:1], trigger_col, done_col) if c],
        "number_col": not numbered,
        "errors": [r for r in rows if r.error],
    }


def _caption(s: Summary) -> str:
    decided = s.counts["on_time"] + s.counts["late"]
    rate = "—" if s.on_time_rate is None else f"{s.on_time_rate * 100:.1f}%"
    return f"{rate} ({s.counts['on_time']}/{decided})"


def _markup(text: str) -> Any:
    import markupsafe  # installed with Jinja2

    return markupsafe.Markup(text)  # produced by ElementTree: every text node is escaped


class _Drawer:
    """Draws the calendar picture of a row from its register cells."""

    def __init__(
        self,
        cal: WorkCalendar,
        w: Mapping[str, Any],
        trigger_col: str | None,
        done_col: str | None,
        pause_col: str | None,
        restart_col: str | None,
        as_of: dt.date | None,
    ) -> None:
        self.cal, self.w, self.as_of = cal, w, as_of
        self.cols = (trigger_col, done_col, pause_col, restart_col)
        self.units: dict[str, str | None] = {}

    def unit(self, rule: str) -> str | None:
        if rule not in self.units:
            self.units[rule] = _unit_of(rule)
        return self.units[rule]

    def __call__(self, row: Row) -> tuple[Picture | None, str]:
        """``(picture, caption)``, or ``(None, reason)`` when it cannot be drawn."""
        trigger_col, done_col, pause_col, restart_col = self.cols
        w = self.w
        if trigger_col is None:
            return None, ""
        trigger = cell_date(row.cells.get(trigger_col))
        due = cell_date(row.result.get("due"))
        if trigger is None or due is None:
            reason = w["no_trigger"] if trigger is None else w["no_due"]
            return None, w["picture_unavailable"].format(reason=reason)
        done = cell_date(row.cells.get(done_col)) if done_col else None
        restart = cell_date(row.cells.get(restart_col)) if restart_col else None
        pauses = cell_pauses(row.cells.get(pause_col)) if pause_col else []
        unit = self.unit(str(row.result.get("rule") or ""))
        if unit is None:  # a rule of the user's own catalog: its unit is not known here
            return None, w["picture_unavailable"].format(reason=w["unknown_rule"])
        try:
            pic = picture(
                self.cal, trigger=trigger, due=due, done=done, restart=restart, pauses=pauses,
                unit=unit, until=self.as_of if done is None else None,
            )  # fmt: skip
        except GovDeadlinesError as exc:
            return None, w["picture_unavailable"].format(reason=str(exc))
        unit_word = w["unit_workdays"] if unit == "workdays" else w["unit_days"]
        return pic, w["picture_caption"].format(n=pic.counted, unit=unit_word)


def _unit_of(rule: str) -> str | None:
    """The unit a rule counts in (``workdays`` or ``days``), from the bundled catalog or an
    ad-hoc period such as ``20wd``; other units (months, hours) are counted in days (民法典
    Art. 202 makes a month its days); ``None`` for a rule this catalog does not know."""
    from gov_deadlines.periods import Period
    from gov_deadlines.rules import Catalog

    try:
        period = Catalog.default().get(rule).period
    except (GovDeadlinesError, LookupError, ValueError):
        try:
            period = Period.parse(rule)
        except (GovDeadlinesError, ValueError):
            return None
    if period is None:  # a schedule rule: no single period to count
        return None
    unit = str(period.unit)
    return "workdays" if unit == "workdays" else "days"


def _card(row: Row, w: Mapping[str, Any], draw: _Drawer) -> dict[str, Any]:
    pic, caption = draw(row)
    label = w["record_no"].format(n=row.number)
    return {
        "row": row,
        "picture": pic,
        "svg": _markup(svg.calendar_picture(pic, label=label)) if pic else None,
        "caption": caption,
    }


def _month_defs(cards: Sequence[Mapping[str, Any]], w: Mapping[str, Any]) -> Any:
    """The month grids every picture of the page shows, drawn once (``""`` without pictures)."""
    months = [m for card in cards if card["picture"] for m in card["picture"].months]
    if not months:
        return ""
    return _markup(svg.month_defs(months, weekdays=w["weekdays"], month_label=w["month_label"],
                                  marks={"makeup_workday": w["mark_makeup"]}))  # fmt: skip

