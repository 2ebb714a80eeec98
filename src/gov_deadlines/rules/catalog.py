"""The rule catalog: loading and validating TOML rule files; looking rules up by id and date."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from gov_deadlines.datadir import from_env
from gov_deadlines.errors import RuleDataError, UnknownRule, Words
from gov_deadlines.periods import Period, Start, TriggerOnRestDay
from gov_deadlines.rules.model import Actor, Before, Citation, Rule, RuleKind, Schedule

if TYPE_CHECKING:
    from gov_deadlines.datadir import DataDir

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
    def default(cls, data_dir: DataDir | str | os.PathLike[str] | None = None) -> Catalog:
        """The built-in national catalog (``gov_deadlines/rules/data/*.toml``), plus the rule
        catalogs (``*.toml``) of the data directory when one is set.

        ``data_dir`` defaults to the ``GOV_DEADLINES_DATA`` environment variable (``""``: none,
        whatever the environment says). A directory is read once per process (cached per
        directory); :meth:`from_data_dir` reads it afresh.

        >>> "ogi.request.reply" in Catalog.default("")
        True
        """
        if data_dir is None:
            data_dir = from_env()  # the hot path: a few tens of ns when unset
            if data_dir is None:
                return _default()
        elif data_dir == "":
            return _default()
        raw = os.fspath(data_dir if isinstance(data_dir, str | os.PathLike) else data_dir.path)
        return _default_in(raw)

    @classmethod
    def from_data_dir(cls, data: DataDir | str | os.PathLike[str]) -> Catalog:
        """The built-in catalog plus every ``*.toml`` rule catalog of a data directory, read now
        (never cached), in file-name order.

        A rule id must be new, as for :meth:`with_file`; an invalid file raises
        :class:`~gov_deadlines.errors.RuleDataError` naming it, and a missing or unreadable
        directory :class:`~gov_deadlines.errors.DataDirError`.
        """
        from gov_deadlines.datadir import DataDir, scan

        listing = data if isinstance(data, DataDir) else scan(data)
        catalog = _default()
        for path in listing.rule_files:
            catalog = catalog.with_file(path)
        return catalog

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
            raise RuleDataError.coded("errors.rule_data.unreadable", path=p, reason=exc) from exc
        return self._with_text(text, str(p))

    def _with_text(self, text: str, label: str) -> Catalog:
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RuleDataError.coded(
                "errors.rule_data.toml", label=label, detail=str(exc)
            ) from exc
        tables = data.get("rule", [])
        if not isinstance(tables, list) or set(data) - {"rule"}:
            raise RuleDataError.coded("errors.rule_data.only_rules", label=label)
        added: dict[str, list[Rule]] = {}
        for i, table in enumerate(tables):
            rule = _parse_rule(table, _Where(label, i + 1), label)
            if rule.id in self._rules:
                first = self._rules[rule.id][0].source
                raise RuleDataError.coded(
                    "errors.rule_data.defined", label=label, rule_id=rule.id, first=first
                )
            added.setdefault(rule.id, []).append(rule)
        rules = dict(self._rules)
        for rule_id, versions in added.items():
            versions.sort(key=lambda r: r.effective_from or dt.date.min)
            for a, b in itertools.pairwise(versions):
                a_end = a.effective_until or dt.date.max
                if b.effective_from is None or b.effective_from <= a_end:
                    raise _overlap(label, rule_id, a, b)
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


#: Catalogs of data directories read by :meth:`Catalog.default`, per resolved directory.
_IN_DIR: dict[str, Catalog] = {}


@functools.cache
def _default_in(raw: str) -> Catalog:
    # Keyed on the directory as given (one dict lookup when asked again), then on its real path.
    key = os.path.realpath(raw)
    catalog = _IN_DIR.get(key)
    if catalog is None:
        catalog = _IN_DIR.setdefault(key, Catalog.from_data_dir(raw))
    return catalog


# -- parsing and validation --------------------------------------------------------------------


class _Where(Words):
    """Where in a rule file a value is: the file, the rule (its id, or its number before the id
    is known) and the field's path (``schedule.month``); worded in the error's language.
    ``str()`` is the English, ``my.toml: rule 'local.x': schedule.month``."""

    __slots__ = ("label", "path", "rule")

    def __init__(self, label: str, rule: str | int, path: str = "") -> None:
        super().__init__("errors.rule_data.where.field")  # worded by message() below
        self.label, self.rule, self.path = label, rule, path

    def at(self, name: str) -> _Where:
        """The field ``name`` inside this one."""
        return _Where(self.label, self.rule, f"{self.path}.{name}" if self.path else name)

    def message(self, lang: str = "en") -> str:
        """This place in ``lang``."""
        from gov_deadlines.messages import text

        key = "index" if isinstance(self.rule, int) else "rule"
        rule = text(f"errors.rule_data.where.{key}", lang, label=self.label, rule=self.rule)
        if not self.path:
            return rule
        return text("errors.rule_data.where.field", lang, where=rule, path=self.path)

    def __str__(self) -> str:
        return self.message("en")


def _overlap(label: str, rule_id: str, a: Rule, b: Rule) -> RuleDataError:
    start = Words("errors.rule_data.beginning")
    return RuleDataError.coded(
        "errors.rule_data.overlap", label=label, rule_id=rule_id,
        a_from=a.effective_from or start, a_until=a.effective_until or Words("errors.rule.now"),
        b_from=b.effective_from or start,
    )  # fmt: skip


def _choice(value: Any, options: tuple[str, ...], where: _Where) -> Any:
    if value not in options:
        raise RuleDataError.coded(
            "errors.rule_data.choice", where=where, options=", ".join(options), value=value
        )
    return value


def _typed(value: Any, kind: type | tuple[type, ...], where: _Where, expected: str) -> Any:
    # expected: what the field holds, a key of errors.rule_data.type in the catalog
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise RuleDataError.coded(
            "errors.rule_data.typed",
            where=where,
            value=value,
            expected=Words(f"errors.rule_data.type.{expected}"),
        )
    return value


def _date(value: Any, where: _Where) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise RuleDataError.coded("errors.rule_data.date", where=where, value=value)


def _period(value: Any, where: _Where) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except (TypeError, ValueError) as exc:
        raise RuleDataError.coded("errors.rule_data.period", where=where, error=exc) from None


def _unknown_keys(table: Mapping[str, Any], allowed: set[str], where: _Where) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise RuleDataError.coded("errors.rule_data.unknown", where=where, names=", ".join(extra))


def _parse_citation(table: Any, where: _Where) -> Citation:
    _typed(table, dict, where, "citation_table")
    _unknown_keys(table, _CITATION_KEYS, where)
    articles = table.get("articles", [])
    if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
        raise RuleDataError.coded("errors.rule_data.articles", where=where.at("articles"))
    quote = table.get("quote")
    return Citation(
        law=_typed(table.get("law"), str, where.at("law"), "law"),
        articles=tuple(articles),
        document=table.get("document"),
        effective_from=_date(table.get("effective_from"), where.at("effective_from")),
        effective_until=_date(table.get("effective_until"), where.at("effective_until")),
        quote=None if quote is None else _typed(quote, str, where.at("quote"), "string"),
        reported=_typed(table.get("reported", False), bool, where.at("reported"), "bool"),
        note=table.get("note"),
    )


def _parse_schedule(table: Any, where: _Where) -> Schedule:
    _typed(table, dict, where, "schedule_table")
    _unknown_keys(table, _SCHEDULE_KEYS, where)
    every = _choice(table.get("every"), ("year", "quarter", "month"), where.at("every"))
    month = table.get("month")
    months = {"year": 12, "quarter": 3, "month": 0}[every]
    if (every == "month" and month is not None) or (
        every != "month" and (not isinstance(month, int) or not 1 <= month <= months)
    ):
        code = "month_none" if every == "month" else "month_range"
        raise RuleDataError.coded(
            f"errors.rule_data.{code}", where=where.at("month"), every=every, months=months,
            month=month,
        )  # fmt: skip
    day = _typed(table.get("day"), int, where.at("day"), "day")
    if not (1 <= day <= 31 or day == -1):
        raise RuleDataError.coded("errors.rule_data.day", where=where.at("day"), day=day)
    offset = _typed(table.get("offset", 0), int, where.at("offset"), "offset")
    return Schedule(every, month, day, offset)


def _parse_rule(table: Any, where: _Where, label: str) -> Rule:
    _typed(table, dict, where, "rule_table")
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id or " " in rule_id:
        raise RuleDataError.coded("errors.rule_data.id", where=where.at("id"))
    where = _Where(label, rule_id)
    _unknown_keys(table, _RULE_KEYS, where)
    kind: RuleKind = _choice(table.get("kind"), get_args(RuleKind), where.at("kind"))
    period = _period(table.get("period"), where.at("period"))
    schedule = None
    if kind in ("deadline", "window", "before_event") and period is None:
        raise RuleDataError.coded(
            "errors.rule_data.needs_period", where=where.at("period"), kind=kind
        )
    if kind in ("fixed_date", "recurring"):
        if period is not None:
            raise RuleDataError.coded(
                "errors.rule_data.has_schedule", where=where.at("period"), kind=kind
            )
        schedule = _parse_schedule(table.get("schedule"), where.at("schedule"))
    citations = table.get("citation", [])
    if not isinstance(citations, list) or not citations:
        raise RuleDataError.coded("errors.rule_data.citation", where=where.at("citation"))
    cutoff = table.get("cutoff")
    if cutoff is not None:
        try:
            cutoff = dt.time.fromisoformat(cutoff)
        except (TypeError, ValueError):
            raise RuleDataError.coded("errors.rule_data.cutoff", where=where.at("cutoff")) from None
    pauses = table.get("pauses", [])
    if not isinstance(pauses, list) or not all(isinstance(p, str) for p in pauses):
        raise RuleDataError.coded("errors.rule_data.pauses", where=where.at("pauses"))
    start: Start = _choice(table.get("start", "next_day"), get_args(Start), where.at("start"))
    on_rest: TriggerOnRestDay = _choice(
        table.get("trigger_on_rest_day", "as_is"),
        get_args(TriggerOnRestDay),
        where.at("trigger_on_rest_day"),
    )
    before: Before = _choice(table.get("before", "inclusive"), get_args(Before), where.at("before"))
    since = _date(table.get("effective_from"), where.at("effective_from"))
    until = _date(table.get("effective_until"), where.at("effective_until"))
    if since and until and until < since:
        raise RuleDataError.coded(
            "errors.rule_data.until", where=where.at("effective_until"), until=until, since=since
        )
    # Rollover (民法典 Art. 203) extends a time limit for acting; a window's minimum length and
    # a date fixed by the text do not move unless the rule says so.
    default_rollover = kind == "deadline"
    return Rule(
        id=rule_id,
        title_zh=_typed(table.get("title_zh"), str, where.at("title_zh"), "title_zh"),
        title_en=_typed(table.get("title_en"), str, where.at("title_en"), "title_en"),
        kind=kind,
        citations=tuple(
            _parse_citation(c, where.at(f"citation[{i}]")) for i, c in enumerate(citations)
        ),
        period=period,
        max_extension=_period(table.get("max_extension"), where.at("max_extension")),
        pauses=tuple(pauses),
        restart=_typed(table.get("restart", False), bool, where.at("restart"), "bool"),
        start=start,
        trigger_on_rest_day=on_rest,
        rollover=_typed(
            table.get("rollover", default_rollover), bool, where.at("rollover"), "bool"
        ),
        cutoff=cutoff,
        schedule=schedule,
        before=before,
        effective_from=since,
        effective_until=until,
        source=label,
        receipt=_receipt(table.get("receipt"), where.at("receipt")),
        actor=_choice(table.get("actor", "agency"), get_args(Actor), where.at("actor")),
        reasoned_delay=_optional_citation(table.get("reasoned_delay"), where.at("reasoned_delay")),
    )


#: Receipt conventions a rule may name (see gov_deadlines/rules/receipt.toml).
RECEIPT_CONVENTIONS = ("ogi.2019",)


def _receipt(value: Any, where: _Where) -> str | None:
    if value is None:
        return None
    return str(_choice(value, RECEIPT_CONVENTIONS, where))


def _optional_citation(value: Any, where: _Where) -> Citation | None:
    return None if value is None else _parse_citation(value, where)
