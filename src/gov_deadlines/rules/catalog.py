"""The rule catalog: loading and validating TOML rule files; looking rules up by id and date."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from gov_deadlines.errors import RuleDataError, UnknownRule
from gov_deadlines.periods import Period, Start, TriggerOnRestDay
from gov_deadlines.rules.model import Actor, Before, Citation, Rule, RuleKind, Schedule

__all__ = ["Catalog"]

_RULE_KEYS = {
    "id", "title_zh", "title_en", "kind", "period", "max_extension", "pauses", "restart", "start",
    "trigger_on_rest_day", "rollover", "cutoff", "schedule", "before", "effective_from",
    "effective_until", "citation", "receipt", "reasoned_delay", "actor",
}  # fmt: skip
_CITATION_KEYS = {
    "law", "articles", "document", "effective_from", "effective_until", "quote", "reported", "note",
}  # fmt: skip
_SCHEDULE_KEYS = {"every", "month", "day", "offset"}


class Catalog:
    """A set of rules, each id with one or more versions in force on different dates.

    >>> cat = Catalog.default()
    >>> cat.get("ogi.request.reply", on=dt.date(2010, 3, 1)).period
    Period(amount=15, unit='workdays')
    """

    __slots__ = ("_rules",)

    def __init__(self, rules: Mapping[str, tuple[Rule, ...]]) -> None:
        self._rules = dict(rules)

    @classmethod
    def default(cls) -> Catalog:
        """The built-in national catalog (``gov_deadlines/rules/data/*.toml``)."""
        return _default()

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Catalog:
        """A catalog of only the rules in one TOML file."""
        return cls({}).with_file(path)

    def with_file(self, path: str | os.PathLike[str]) -> Catalog:
        """A new catalog that also has the rules of a TOML file (ids must be new).

        Errors name the file, the rule id and the field, e.g.
        ``my-rules.toml: rule 'local.x': period: cannot read period '7 weeks'``.
        """
        p = Path(os.fspath(path))
        try:
            text = p.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise RuleDataError(f"{p}: cannot read rule file: {exc.strerror}") from exc
        return self._with_text(text, str(p))

    def _with_text(self, text: str, label: str) -> Catalog:
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RuleDataError(f"{label}: not valid TOML: {exc}") from exc
        tables = data.get("rule", [])
        if not isinstance(tables, list) or set(data) - {"rule"}:
            raise RuleDataError(f"{label}: expected only [[rule]] tables")
        added: dict[str, list[Rule]] = {}
        for i, table in enumerate(tables):
            rule = _parse_rule(table, f"{label}: rule #{i + 1}", label)
            if rule.id in self._rules:
                first = self._rules[rule.id][0].source
                raise RuleDataError(
                    f"{label}: rule {rule.id!r} is already defined in {first}; give local rules "
                    "their own ids (e.g. 'local.<place>.<name>')"
                )
            added.setdefault(rule.id, []).append(rule)
        rules = dict(self._rules)
        for rule_id, versions in added.items():
            versions.sort(key=lambda r: r.effective_from or dt.date.min)
            for a, b in itertools.pairwise(versions):
                a_end = a.effective_until or dt.date.max
                if b.effective_from is None or b.effective_from <= a_end:
                    raise RuleDataError(
                        f"{label}: rule {rule_id!r}: effective_from: versions overlap: one in "
                        "force from "
                        f"{a.effective_from or 'the beginning'} to {a.effective_until or 'now'}, "
                        f"another from {b.effective_from or 'the beginning'}"
                    )
            rules[rule_id] = tuple(versions)
        return Catalog(rules)

    def get(self, rule_id: str, *, on: dt.date | None = None) -> Rule:
        """The version of ``rule_id`` in force on ``on`` (the latest version when ``on`` is None).

        Raises :class:`~gov_deadlines.UnknownRule` for an unknown id (suggesting close ids) or a
        date on which no version was in force.
        """
        versions = self._rules.get(rule_id)
        if versions is None:
            import difflib

            close = difflib.get_close_matches(rule_id, self._rules, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownRule(
                f"no rule {rule_id!r} in the catalog{hint} (list them: rules)",
                rule_id=rule_id,
                suggestions=tuple(close),
            )
        if on is None:
            return versions[-1]
        for rule in versions:
            if rule.in_force(on):
                return rule
        spans = ", ".join(
            f"{r.effective_from or '…'} to {r.effective_until or 'now'}" for r in versions
        )
        raise UnknownRule(
            f"rule {rule_id!r} was not in force on {on} (versions: {spans})",
            rule_id=rule_id,
            on=on,
            versions=tuple((r.effective_from, r.effective_until) for r in versions),
        )

    def versions(self, rule_id: str) -> tuple[Rule, ...]:
        """Every version of ``rule_id``, oldest first."""
        self.get(rule_id)
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._rules))

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __len__(self) -> int:
        return len(self._rules)

    def __repr__(self) -> str:
        return f"<Catalog of {len(self._rules)} rules>"


@functools.cache
def _default() -> Catalog:
    catalog = Catalog({})
    folder = resources.files("gov_deadlines.rules") / "data"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            catalog = catalog._with_text(entry.read_text(encoding="utf-8"), entry.name)
    return catalog


# -- parsing and validation --------------------------------------------------------------------


def _choice(value: Any, options: tuple[str, ...], where: str) -> Any:
    if value not in options:
        raise RuleDataError(f"{where}: expected one of {', '.join(options)}; got {value!r}")
    return value


def _typed(value: Any, kind: type | tuple[type, ...], where: str, expected: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise RuleDataError(f"{where}: expected {expected}, got {value!r}")
    return value


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise RuleDataError(f"{where}: expected a TOML date such as 2019-05-15, got {value!r}")


def _period(value: Any, where: str) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except (TypeError, ValueError) as exc:
        raise RuleDataError(f"{where}: {exc}") from None


def _unknown_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise RuleDataError(f"{where}: unknown field(s) {', '.join(extra)}")


def _parse_citation(table: Any, where: str) -> Citation:
    _typed(table, dict, where, "a [[rule.citation]] table")
    _unknown_keys(table, _CITATION_KEYS, where)
    articles = table.get("articles", [])
    if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
        raise RuleDataError(f'{where}.articles: expected a list of strings such as ["33"]')
    quote = table.get("quote")
    return Citation(
        law=_typed(table.get("law"), str, f"{where}.law", "the law's name"),
        articles=tuple(articles),
        document=table.get("document"),
        effective_from=_date(table.get("effective_from"), f"{where}.effective_from"),
        effective_until=_date(table.get("effective_until"), f"{where}.effective_until"),
        quote=None if quote is None else _typed(quote, str, f"{where}.quote", "a string"),
        reported=_typed(table.get("reported", False), bool, f"{where}.reported", "true/false"),
        note=table.get("note"),
    )


def _parse_schedule(table: Any, where: str) -> Schedule:
    _typed(table, dict, where, 'a table like { every = "year", month = 1, day = 31 }')
    _unknown_keys(table, _SCHEDULE_KEYS, where)
    every = _choice(table.get("every"), ("year", "quarter", "month"), f"{where}.every")
    month = table.get("month")
    months = {"year": 12, "quarter": 3, "month": 0}[every]
    if (every == "month" and month is not None) or (
        every != "month" and (not isinstance(month, int) or not 1 <= month <= months)
    ):
        need = "no month" if every == "month" else f"a month from 1 to {months}"
        raise RuleDataError(f"{where}.month: a schedule every {every} needs {need}, got {month!r}")
    day = _typed(table.get("day"), int, f"{where}.day", "a day of the month (1-31, or -1 for last)")
    if not (1 <= day <= 31 or day == -1):
        raise RuleDataError(f"{where}.day: expected 1-31 or -1 (last day), got {day}")
    offset = _typed(table.get("offset", 0), int, f"{where}.offset", "0 or 1")
    return Schedule(every, month, day, offset)


def _parse_rule(table: Any, where: str, label: str) -> Rule:
    _typed(table, dict, where, "a [[rule]] table")
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id or " " in rule_id:
        raise RuleDataError(f"{where}: id: expected a dotted id such as 'ogi.proactive'")
    where = f"{label}: rule {rule_id!r}"
    _unknown_keys(table, _RULE_KEYS, where)
    kind: RuleKind = _choice(table.get("kind"), get_args(RuleKind), f"{where}: kind")
    period = _period(table.get("period"), f"{where}: period")
    schedule = None
    if kind in ("deadline", "window", "before_event") and period is None:
        raise RuleDataError(f"{where}: period: a {kind} rule needs a period such as '20wd'")
    if kind in ("fixed_date", "recurring"):
        if period is not None:
            raise RuleDataError(f"{where}: period: a {kind} rule has a schedule, not a period")
        schedule = _parse_schedule(table.get("schedule"), f"{where}: schedule")
    citations = table.get("citation", [])
    if not isinstance(citations, list) or not citations:
        raise RuleDataError(f"{where}: citation: every rule needs at least one [[rule.citation]]")
    cutoff = table.get("cutoff")
    if cutoff is not None:
        try:
            cutoff = dt.time.fromisoformat(cutoff)
        except (TypeError, ValueError):
            raise RuleDataError(f'{where}: cutoff: expected a time like "17:30"') from None
    pauses = table.get("pauses", [])
    if not isinstance(pauses, list) or not all(isinstance(p, str) for p in pauses):
        raise RuleDataError(f"{where}: pauses: expected a list of pause kinds")
    start: Start = _choice(table.get("start", "next_day"), get_args(Start), f"{where}: start")
    on_rest: TriggerOnRestDay = _choice(
        table.get("trigger_on_rest_day", "as_is"),
        get_args(TriggerOnRestDay),
        f"{where}: trigger_on_rest_day",
    )
    before: Before = _choice(table.get("before", "inclusive"), get_args(Before), f"{where}: before")
    since = _date(table.get("effective_from"), f"{where}: effective_from")
    until = _date(table.get("effective_until"), f"{where}: effective_until")
    if since and until and until < since:
        raise RuleDataError(f"{where}: effective_until: {until} is before effective_from {since}")
    # Rollover (民法典 Art. 203) extends a time limit for acting; a window's minimum length and
    # a date fixed by the text do not move unless the rule says so.
    default_rollover = kind == "deadline"
    return Rule(
        id=rule_id,
        title_zh=_typed(table.get("title_zh"), str, f"{where}: title_zh", "a Chinese title"),
        title_en=_typed(table.get("title_en"), str, f"{where}: title_en", "an English title"),
        kind=kind,
        citations=tuple(
            _parse_citation(c, f"{where}: citation[{i}]") for i, c in enumerate(citations)
        ),
        period=period,
        max_extension=_period(table.get("max_extension"), f"{where}: max_extension"),
        pauses=tuple(pauses),
        restart=_typed(table.get("restart", False), bool, f"{where}: restart", "true/false"),
        start=start,
        trigger_on_rest_day=on_rest,
        rollover=_typed(
            table.get("rollover", default_rollover), bool, f"{where}: rollover", "true/false"
        ),
        cutoff=cutoff,
        schedule=schedule,
        before=before,
        effective_from=since,
        effective_until=until,
        source=label,
        receipt=_receipt(table.get("receipt"), f"{where}: receipt"),
        actor=_choice(table.get("actor", "agency"), get_args(Actor), f"{where}: actor"),
        reasoned_delay=_optional_citation(table.get("reasoned_delay"), f"{where}: reasoned_delay"),
    )


#: Receipt conventions a rule may name (see gov_deadlines/rules/receipt.toml).
RECEIPT_CONVENTIONS = ("ogi.2019",)


def _receipt(value: Any, where: str) -> str | None:
    if value is None:
        return None
    return str(_choice(value, RECEIPT_CONVENTIONS, where))


def _optional_citation(value: Any, where: str) -> Citation | None:
    return None if value is None else _parse_citation(value, where)
