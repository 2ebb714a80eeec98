"""The built-in rule catalog and examples/local-rules.toml: they load, they keep the public ids,
their versions switch on the right dates, and every quote is the source text as published."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gov_deadlines.errors import RuleDataError
from gov_deadlines.periods import Period
from gov_deadlines.rules import Catalog, Citation, Rule, Schedule

ROOT = Path(__file__).resolve().parents[2]
LOCAL_RULES = ROOT / "examples" / "local-rules.toml"

REQUIRED_IDS = (
    "ogi.proactive",
    "ogi.request.reply",
    "ogi.request.correction_notice",
    "ogi.consultation.reply",
    "ogi.annual_report.department",
    "ogi.annual_report.government",
    "penalty.withdrawal",
    "samr.penalty.publicity",
    "samr.penalty.withdrawal",
    "enforcement.publicity.general",
    "enforcement.publicity.license_penalty",
    "license.decision",
    "major_decision.comment_period",
    "major_decision.legality_review",
    "regulation.comment_period",
    "normative_doc.comment_period.market",
    # 行政复议法 (2023)
    "reconsideration.application",
    "reconsideration.application.cap",
    "reconsideration.acceptance_review",
    "reconsideration.correction_notice",
    "reconsideration.correction",
    "reconsideration.forwarding",
    "reconsideration.copy_to_respondent",
    "reconsideration.respondent_reply",
    "reconsideration.hearing_notice",
    "reconsideration.simplified.copy_to_respondent",
    "reconsideration.simplified.respondent_reply",
    "reconsideration.incidental_review.decide",
    "reconsideration.incidental_review.transfer",
    "reconsideration.incidental_review.notice_to_issuer",
    "reconsideration.incidental_review.issuer_reply",
    "reconsideration.incidental_review.transferee_reply",
    "reconsideration.decision",
    "reconsideration.decision.simplified",
    "reconsideration.opinion_letter.report",
    # 行政诉讼法 and its interpretation
    "litigation.after_reconsideration",
    "litigation.after_reconsideration.no_decision",
    "litigation.direct",
    "litigation.direct.cap",
    "litigation.direct.cap.real_property",
    "litigation.duty_to_act",
    "litigation.extension_request",
    "litigation.uninformed.cap",
    "litigation.duty_to_act.suit",
    # 行政处罚法 (2021)
    "penalty.decision",
    "penalty.service",
    "penalty.hearing.request",
    "penalty.hearing.notice",
    "penalty.fine.payment",
    "penalty.fine.handover",
    "penalty.fine.deposit",
    # 行政许可法
    "license.correction_notice",
    "license.decision.joint",
    "license.lower_level_review",
    "license.certificate",
    "license.hearing.request",
    "license.hearing.organize",
    "license.hearing.notice",
    "license.renewal.application",
    "license.inspection.assign",
    # 决策条例, 规章条例, 行政法规条例, 立法法
    "major_decision.hearing_materials",
    "regulation.hearing_notice",
    "regulation.entry_into_force",
    "regulation.filing",
    "admin_regulation.comment_period",
    "admin_regulation.entry_into_force",
    "admin_regulation.filing",
    "legislation.comment_period",
    "legislation.filing",
    # 信访工作条例 (reported)
    "petition.acceptance",
    "petition.handling",
    "petition.review",
)
REPORTED_IDS = {
    "enforcement.publicity.general",
    "enforcement.publicity.license_penalty",
    "samr.penalty.publicity",
    "samr.penalty.withdrawal",
    "petition.acceptance",
    "petition.handling",
    "petition.review",
}
#: Statutes whose short "days" the engine counts as working days (rules/day_definitions.toml):
#: their rules write the period as the statute words it ("五日" -> "5d"), never "5wd". The two
#: rules written before that decision keep their working-day periods.
DAY_DEFINING_LAWS = {
    "中华人民共和国行政处罚法",
    "中华人民共和国行政复议法",
    "中华人民共和国行政许可法",
}
WRITTEN_AS_WORKDAYS = {"penalty.withdrawal", "license.decision"}
SAMPLE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
ARTICLE_HEAD = re.compile(r"^第([零一二三四五六七八九十百]+)条[ \u3000]", re.MULTILINE)


# -- helpers ---------------------------------------------------------------------------------------


def _citations(catalog: Catalog) -> list[tuple[str, Rule, Citation]]:
    """Every citation of every version, the reasoned-delay citation (条例 Art. 35) included."""
    out = []
    for rule_id in catalog:
        for rule in catalog.versions(rule_id):
            key = f"{rule_id}@{rule.effective_from}"
            out += [(f"{key}#{i}", rule, c) for i, c in enumerate(rule.citations)]
            if rule.reasoned_delay is not None:
                out.append((f"{key}#reasoned_delay", rule, rule.reasoned_delay))
    return out


BUILT_IN = _citations(Catalog.default())
LOCAL = _citations(Catalog.from_file(LOCAL_RULES))


def _norm(text: str) -> str:
    """Collapse every run of whitespace (line breaks, full-width and no-break spaces) to one."""
    return " ".join(text.split())


def _zh_number(n: int) -> str:
    """Article numbers as the statutes write them: 26 -> 二十六, 101 -> 一百零一."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + digits[rest]
    else:
        tail = digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")
    return digits[hundreds] + "百" + tail


def _articles(text: str) -> dict[str, str]:
    """Each article's text, keyed by its number as written (二十六)."""
    heads = list(ARTICLE_HEAD.finditer(text))
    ends = [h.start() for h in heads[1:]] + [len(text)]
    return {h.group(1): text[h.start() : end] for h, end in zip(heads, ends, strict=True)}


@pytest.fixture(scope="module")
def statutes(shared_dir: Path) -> dict[str, list[str]]:
    """Statute texts in ../shared/data/law keyed by their title (the file's first heading)."""
    out: dict[str, list[str]] = {}
    for path in sorted((shared_dir / "data" / "law").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        out.setdefault(title, []).append(text)
    return out


# -- the built-in catalog --------------------------------------------------------------------------


def test_every_built_in_rule_loads() -> None:
    """Catalog.default() reads every data file; each id has at least one version."""
    catalog = Catalog.default()
    assert len(catalog) >= len(REQUIRED_IDS)
    for rule_id in catalog:
        assert catalog.versions(rule_id)


@pytest.mark.parametrize("rule_id", REQUIRED_IDS)
def test_required_id_exists(rule_id: str) -> None:
    """The public ids are spelled exactly as documented."""
    assert rule_id in Catalog.default()


@pytest.mark.parametrize("rule_id", ["ogi.request.reply", "ogi.proactive"])
def test_ogi_switches_text_on_2019_05_15(rule_id: str) -> None:
    """2019-05-14 falls under the 2007 text (令第492号), 2019-05-15 under 2019 (令第711号)."""
    catalog = Catalog.default()
    old = catalog.get(rule_id, on=dt.date(2019, 5, 14))
    new = catalog.get(rule_id, on=dt.date(2019, 5, 15))
    assert {c.document for c in old.citations} == {"国务院令第492号"}
    assert {c.document for c in new.citations} == {"国务院令第711号"}


def test_ogi_request_reply_periods_by_text() -> None:
    """2007: 15 + 15 workdays, third parties only; 2019: 20 + 20, agencies too, restart."""
    catalog = Catalog.default()
    old = catalog.get("ogi.request.reply", on=dt.date(2019, 5, 14))
    new = catalog.get("ogi.request.reply", on=dt.date(2019, 5, 15))
    assert (old.period, old.max_extension) == (Period(15, "workdays"), Period(15, "workdays"))
    assert old.pauses == ("third_party_consultation",) and not old.restart
    assert (new.period, new.max_extension) == (Period(20, "workdays"), Period(20, "workdays"))
    assert set(new.pauses) == {"third_party_consultation", "agency_consultation"} and new.restart


def test_ogi_proactive_before_2008_is_refused() -> None:
    """No version of the 条例 was in force before 2008-05-01."""
    from gov_deadlines.errors import UnknownRule

    with pytest.raises(UnknownRule, match="not in force"):
        Catalog.default().get("ogi.proactive", on=dt.date(2008, 4, 30))


def test_next_workday_trigger_only_on_requests() -> None:
    """Only ogi.request.* deem a trigger on a day off to happen on the next working day."""
    catalog = Catalog.default()
    for rule_id in catalog:
        for rule in catalog.versions(rule_id):
            expected = "next_workday" if rule_id.startswith("ogi.request.") else "as_is"
            assert rule.trigger_on_rest_day == expected, rule_id


def test_windows_do_not_roll_over() -> None:
    """A "not less than" window is a minimum length, not a last day to act: no rollover."""
    catalog = Catalog.default()
    windows = [r for i in catalog for r in catalog.versions(i) if r.kind == "window"]
    assert {r.id for r in windows} >= {
        "major_decision.comment_period",
        "major_decision.legality_review",
        "regulation.comment_period",
        "normative_doc.comment_period.market",
    }
    assert all(not r.rollover for r in windows)


def test_before_event_rules_do_not_roll_over() -> None:
    """A notice "七日前" sets a minimum lead time: its latest day never moves off a day off."""
    catalog = Catalog.default()
    rules = [r for i in catalog for r in catalog.versions(i) if r.kind == "before_event"]
    assert {r.id for r in rules} >= {
        "penalty.hearing.notice",
        "reconsideration.hearing_notice",
        "license.hearing.notice",
        "license.renewal.application",
    }
    assert all(not r.rollover for r in rules)


def test_day_defining_laws_are_written_in_days() -> None:
    """Rules citing 处罚法, 复议法 or 许可法 say "5d" as the law does; the engine converts."""
    catalog = Catalog.default()
    for rule_id in catalog:
        for rule in catalog.versions(rule_id):
            if rule.citations[0].law in DAY_DEFINING_LAWS and rule_id not in WRITTEN_AS_WORKDAYS:
                assert rule.period is not None and rule.period.unit != "workdays", rule_id
                extension = rule.max_extension
                assert extension is None or extension.unit == rule.period.unit, rule_id


def test_reasoned_delay_citation_is_checked() -> None:
    """The reasoned-delay citation of the 2019 reply rule is among the quotes checked below."""
    keys = [k for k, _, _ in BUILT_IN if k.endswith("#reasoned_delay")]
    assert "ogi.request.reply@2019-05-15#reasoned_delay" in keys


def test_license_pauses_follow_article_45() -> None:
    """行政许可法 Art. 45: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审 are not counted."""
    rule = Catalog.default().get("license.decision")
    assert rule.pauses == (
        "hearing", "tender", "auction", "inspection", "testing", "quarantine", "appraisal",
        "expert_review",
    )  # fmt: skip
    assert (rule.period, rule.max_extension) == (Period(20, "workdays"), Period(10, "workdays"))


def test_annual_reports_are_due_the_next_year() -> None:
    """The 2023 report: departments by 2024-01-31, governments by 2024-03-31 (Art. 49)."""
    catalog = Catalog.default()
    dept = catalog.get("ogi.annual_report.department", on=dt.date(2023, 6, 1)).schedule
    gov = catalog.get("ogi.annual_report.government", on=dt.date(2023, 6, 1)).schedule
    assert dept == Schedule("year", 1, 31, offset=1)
    assert gov == Schedule("year", 3, 31, offset=1)


def test_annual_report_versions_follow_the_report_year() -> None:
    """The 2018 department report was due by 31 March 2019 (2007 text), the 2019 one by 31 Jan."""
    catalog = Catalog.default()
    old = catalog.get("ogi.annual_report.department", on=dt.date(2018, 12, 31))
    new = catalog.get("ogi.annual_report.department", on=dt.date(2019, 1, 1))
    assert old.schedule == Schedule("year", 3, 31, offset=1)
    assert new.schedule == Schedule("year", 1, 31, offset=1)


@pytest.mark.parametrize(("key", "rule", "citation"), BUILT_IN, ids=[k for k, _, _ in BUILT_IN])
def test_built_in_quote_is_verbatim(
    key: str, rule: Rule, citation: Citation, statutes: dict[str, list[str]]
) -> None:
    """A quote is a substring of the statute as published, inside one of the cited articles."""
    if citation.quote is None:
        assert citation.note, f"{key}: a citation without a quote says in `note` why"
        return
    assert citation.law in statutes, f"{key}: no text of {citation.law} in shared/data/law"
    quote = _norm(citation.quote)
    found = [t for t in statutes[citation.law] if quote in _norm(t)]
    assert found, f"{key}: quote is not verbatim in {citation.law}: {citation.quote}"
    articles = _articles(found[0])
    cited = [_norm(articles.get(_zh_number(int(a)), "")) for a in citation.articles]
    assert any(quote in text for text in cited), (
        f"{key}: quote is not in {citation.short()} of the text at hand"
    )


@pytest.mark.parametrize("name", ["start", "hours", "month_end", "rollover", "cutoff"])
def test_convention_quote_is_verbatim(name: str, statutes: dict[str, list[str]]) -> None:
    """The Civil Code conventions cited in every trace quote 民法典 as published."""
    from gov_deadlines.rules.conventions import convention

    citation = convention(name)
    assert citation.quote is not None
    texts = statutes[citation.law]
    article = _zh_number(int(citation.articles[0]))
    assert any(_norm(citation.quote) in _norm(_articles(t).get(article, "")) for t in texts)


def test_reported_citations_are_flagged() -> None:
    """The 国办发〔2018〕118号 periods are known from a briefing: flagged and printed as such."""
    catalog = Catalog.default()
    flagged = {r.id for _, r, c in BUILT_IN if c.reported}
    assert flagged == REPORTED_IDS
    for rule_id in REPORTED_IDS:
        rule = catalog.get(rule_id)
        assert all(c.reported and c.quote is None for c in rule.citations)
        assert "待核实" in rule.citation_text("zh")
        assert "reported, to verify" in rule.citation_text("en")


def test_every_citation_has_law_and_date() -> None:
    """Each built-in citation names its law and the date its text took effect."""
    for key, _, citation in BUILT_IN:
        assert citation.law and citation.effective_from is not None, key


# -- examples/local-rules.toml ---------------------------------------------------------------------


def test_local_rules_load_on_top_of_built_in() -> None:
    """Catalog.default().with_file(examples/local-rules.toml) keeps both sets of rules."""
    catalog = Catalog.default().with_file(LOCAL_RULES)
    local = [i for i in catalog if i.startswith("local.")]
    assert len(catalog) == len(Catalog.default()) + len(local)
    assert catalog.get("local.xinxiang_hitech.emergency_press_conference").period == Period(
        24, "hours"
    )


def test_local_ids_follow_the_convention() -> None:
    """Local ids are local.<place>.<name>."""
    for rule_id in Catalog.from_file(LOCAL_RULES):
        assert re.fullmatch(r"local\.[a-z0-9_]+\.[a-z0-9_.]+", rule_id), rule_id


@pytest.mark.parametrize(("key", "rule", "citation"), LOCAL, ids=[k for k, _, _ in LOCAL])
def test_local_quote_is_verbatim(
    key: str, rule: Rule, citation: Citation, shared_dir: Path
) -> None:
    """A local quote is a substring of the sample file its note names."""
    assert citation.quote, f"{key}: every local rule quotes its document"
    match = SAMPLE_NAME.search(citation.note or "")
    assert match, f"{key}: the note names the file in shared/samples"
    text = (shared_dir / "samples" / match.group()).read_text(encoding="utf-8")
    assert _norm(citation.quote) in _norm(text), f"{key}: quote is not verbatim in {match.group()}"


# -- validation errors name the file, the rule and the field ------------------------------------

GOOD = """
[[rule]]
id = "local.test.reply"
title_zh = "测试"
title_en = "Test"
kind = "deadline"
period = "7wd"
{extra}
[[rule.citation]]
law = "测试规定"
"""


def _write(tmp_path: Path, text: str, name: str = "bad-rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, base: Catalog | None = None) -> str:
    with pytest.raises(RuleDataError) as info:
        (base or Catalog({})).with_file(path)
    return str(info.value)


def test_good_file_loads(tmp_path: Path) -> None:
    """The template used below is itself valid."""
    catalog = Catalog.from_file(_write(tmp_path, GOOD.format(extra="")))
    assert catalog.get("local.test.reply").period == Period(7, "workdays")


def test_unknown_field_is_named(tmp_path: Path) -> None:
    """A misspelt field is refused, naming it."""
    message = _error(_write(tmp_path, GOOD.format(extra='perod = "7wd"')))
    assert "bad-rules.toml" in message and "local.test.reply" in message and "perod" in message


def test_bad_period_is_named(tmp_path: Path) -> None:
    """A period in an unknown unit is refused with the field and the value."""
    path = _write(tmp_path, GOOD.replace('period = "7wd"', 'period = "2 weeks"').format(extra=""))
    message = _error(path)
    assert "bad-rules.toml" in message and "local.test.reply" in message
    assert "period" in message and "2 weeks" in message


def test_missing_citation_is_named(tmp_path: Path) -> None:
    """A rule without a [[rule.citation]] is refused."""
    text = GOOD.format(extra="").split("[[rule.citation]]")[0]
    message = _error(_write(tmp_path, text))
    assert "bad-rules.toml" in message and "local.test.reply" in message and "citation" in message


def test_overlapping_versions_are_refused(tmp_path: Path) -> None:
    """Two versions of one id in force on the same day are refused."""
    first = GOOD.format(extra="effective_from = 2020-01-01\neffective_until = 2021-12-31")
    second = GOOD.format(extra="effective_from = 2021-06-01")
    message = _error(_write(tmp_path, first + second))
    assert "bad-rules.toml" in message and "local.test.reply" in message
    assert "overlap" in message and "2021-06-01" in message


def test_built_in_id_cannot_be_redefined(tmp_path: Path) -> None:
    """A local file may not reuse a built-in id; the message points to local ids."""
    path = _write(tmp_path, GOOD.replace("local.test.reply", "ogi.proactive").format(extra=""))
    message = _error(path, Catalog.default())
    assert "bad-rules.toml" in message and "ogi.proactive" in message
    assert "ogi.toml" in message and "local." in message


def test_bad_schedule_is_named(tmp_path: Path) -> None:
    """A fixed-date rule with month 13 is refused, naming schedule.month."""
    text = GOOD.replace('kind = "deadline"\nperiod = "7wd"', 'kind = "fixed_date"').format(
        extra='schedule = { every = "year", month = 13, day = 31 }'
    )
    message = _error(_write(tmp_path, text))
    assert "bad-rules.toml" in message and "local.test.reply" in message
    assert "schedule.month" in message and "13" in message


def test_fixed_date_without_schedule_is_refused(tmp_path: Path) -> None:
    """A fixed-date rule needs a schedule."""
    text = GOOD.replace('kind = "deadline"\nperiod = "7wd"', 'kind = "fixed_date"').format(extra="")
    message = _error(_write(tmp_path, text))
    assert "local.test.reply" in message and "schedule" in message
