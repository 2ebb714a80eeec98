"""Hard sentences, written by hand (issue 12): nested conditions, two limits in one sentence,
原则上…最长不超过, ranges, negations, numerals, dates, frequencies; and what is not a clause."""

from __future__ import annotations

from typing import Any

import pytest

from gov_deadlines.extraction import extract_text
from gov_deadlines.extraction.normalize import normalize, t2s_available


def _norm(s: str) -> str:
    return normalize(s, chrome=False).text


def _read(sentence: str) -> list[dict[str, Any]]:
    out = []
    for c in extract_text(sentence).clauses:
        if c.kind == "frequency":
            period: Any = (str(c.period), c.count)
        elif c.schedule is not None:
            period = (c.schedule.every, c.schedule.month, c.schedule.day)
        else:
            period = str(c.period)
        out.append({
            "kind": c.kind,
            "period": period,
            "trigger": _norm(c.trigger.text) if c.trigger else None,
            "units": [_norm(u.text) for u in c.units],
        })  # fmt: skip
    return out


# (sentence, [(kind, period, trigger, units), ...]) -- one tuple per clause, in order.
CASES: list[tuple[str, list[tuple[str, Any, str | None, list[str]]]]] = [
    # 原则上…最长不超过: two limits; the second keeps the first's trigger.
    (
        "收到申请后,原则上在5个工作日内办结,情况复杂的最长不超过10个工作日。",
        [("deadline", "5wd", "收到申请后", []), ("deadline", "10wd", "收到申请后", [])],
    ),
    # an event verb right before the number, with no 在/后 around it: the event is the trigger
    ("本通知下发15个工作日内制定出台具体实施方案。", [("deadline", "15wd", "本通知下发", [])]),
    # a range: the upper bound
    (
        "各单位应在收到通知后3至5个工作日内反馈意见。",
        [("deadline", "5wd", "收到通知后", ["各单位"])],
    ),
    # a negation: 不得超过 is a maximum
    ("行政机关作出决定的期限不得超过20个工作日。", [("deadline", "20wd", None, [])]),
    # nested conditions: the condition before 应当在 is the trigger
    (
        "执法决定作出之日起7个工作日内公开,被撤销的应当在3个工作日内撤下。",
        [("deadline", "7wd", "执法决定作出之日起", []), ("deadline", "3wd", "被撤销的", [])],
    ),
    (
        "因不可抗力不能按期答复的,经负责人批准,延长的期限最长不得超过20个工作日。",
        [("deadline", "20wd", None, [])],
    ),
    # two hour limits after one event
    (
        "突发事件发生后,最迟应在5小时内发布权威信息,24小时内举行新闻发布会。",
        [("hours", "5h", "突发事件发生后", []), ("hours", "24h", "突发事件发生后", [])],
    ),
    # Chinese numerals
    ("应当自受理之日起十五个工作日内作出决定。", [("deadline", "15wd", "受理之日起", [])]),
    ("收到材料后两日内转交。", [("deadline", "2d", "收到材料后", [])]),
    ("方案印发后半年内完成评估。", [("deadline", "6m", "方案印发后", [])]),
    ("文件公开后一个月内开展解读。", [("deadline", "1m", "文件公开后", [])]),
    ("整改通知下发后两周内报送整改情况。", [("deadline", "14d", "整改通知下发后", [])]),
    # full-width digits and punctuation
    (
        "各部门要在本通知下发１５个工作日内，制定实施方案。",
        [("deadline", "15wd", "本通知下发", ["各部门"])],
    ),
    # windows and before an event
    ("重大行政决策草案公开征求意见的期限一般不少于30日。", [("window", "30d", None, [])]),
    ("公示期不得少于5个工作日。", [("window", "5wd", None, [])]),
    ("应当在举行听证的7日前通知当事人。", [("before_event", "7d", "举行听证的", [])]),
    ("应提前3个工作日告知申请人。", [("before_event", "3wd", None, [])]),
    # fixed, recurring and dated
    (
        "各县区要于每年3月31日前向社会公开上一年度工作年度报告。",
        [("fixed_date", ("year", 3, 31), None, ["各县区"])],
    ),
    ("每年10月底前完成目录更新。", [("fixed_date", ("year", 10, -1), None, [])]),
    ("年底前完成平台整合。", [("fixed_date", ("year", 12, -1), None, [])]),
    ("每季度最后一个月10日前报送工作进展情况。", [("recurring", ("quarter", 3, 10), None, [])]),
    ("每月5日前报送上月数据。", [("recurring", ("month", None, 5), None, [])]),
    ("完成时限:2023年10月", [("dated_task", ("year", 10, -1), None, [])]),
    ("2024年6月30日前完成清理。", [("dated_task", ("year", 6, 30), None, [])]),
    # frequencies
    ("主要负责同志每年至少听取1次政务公开工作汇报。", [("frequency", ("1y", 1), None, [])]),
    ("每半年至少开展一次检查。", [("frequency", ("6m", 1), None, [])]),
    # a subject of several units
    (
        "区财政局、区审计局要在决算批复后20日内公开决算。",
        [("deadline", "20d", "决算批复后", ["区财政局", "区审计局"])],
    ),
]


@pytest.mark.parametrize(("sentence", "want"), CASES, ids=[c[0][:16] for c in CASES])
def test_hard_sentence(sentence: str, want: list[tuple[str, Any, str | None, list[str]]]) -> None:
    """Each clause of the sentence read as a reader of the law would."""
    got = [(c["kind"], c["period"], c["trigger"], c["units"]) for c in _read(sentence)]
    assert got == want


@pytest.mark.parametrize("sentence", [
    "2019年是中华人民共和国成立70周年。",
    "考核分值权重不低于4%的要求。",
    "2018年10月10日",
    "配合全市12345一个号码响应诉求工作。",
    "推动政务服务事项“一次办妥”“最多跑一次”。",
    "结合每季度市政府新闻发布会计划,开展解读。",
])  # fmt: skip
def test_not_a_clause(sentence: str) -> None:
    """Years, percentages, dates of signature and numbers in names are not time limits."""
    assert extract_text(sentence).clauses == ()


def test_range_is_noted() -> None:
    """A range keeps its upper bound and says so."""
    (c,) = extract_text("应在3至5个工作日内反馈。").clauses
    assert [(n.code, dict(n.fields)) for n in c.notes] == [("range", {"lo": "3", "hi": "5"})]
    assert c.notes[0].text("zh") == "区间3至5：取上限"


def test_month_without_day_is_ambiguous() -> None:
    """'12月前' is read as the end of December and flagged for the reviewer."""
    (c,) = extract_text("一、总则\n建立台账\n办公室\n12月前\n").clauses
    assert c.ambiguous and c.schedule is not None and c.schedule.day == -1


def test_vague_but_not_failure() -> None:
    """及时 is listed; 不及时 (a failure described) is not; a sentence with a limit is not."""
    ex = extract_text("各部门要及时公开。对报告不及时的单位予以通报。每年至少开一次会,及时研究。")
    assert [v.marker.text for v in ex.vague] == ["及时"]
    assert len(ex.clauses) == 1


def test_missing_trigger_reported() -> None:
    """A deadline whose trigger the text does not give says so instead of guessing."""
    (c,) = extract_text("要在10个工作日内完成整改。").clauses
    assert c.trigger is None and "trigger" in c.missing


def test_section_and_unit_lines() -> None:
    """A 分工方案 item's 牵头单位/责任单位 lines and heading path belong to its clauses."""
    text = ("一、公开\n(一)执法公示\n1.限期撤下。被撤销的,应当在3个工作日内撤下。\n"
            "牵头单位:区司法局\n责任单位:各有关部门\n")  # fmt: skip
    (c,) = extract_text(text).clauses
    assert [u.text for u in c.lead] == ["区司法局"]
    assert [u.text for u in c.units] == ["各有关部门"]
    assert [s.text for s in c.section] == ["一、公开", "(一)执法公示", "1.限期撤下"]


@pytest.mark.skipif(not t2s_available(), reason="OpenCC (the extract extra) not installed")
def test_traditional_and_pinyin() -> None:
    """Traditional characters with pinyin after them read as their simplified text; the spans
    are the original's."""
    trad = "興慶區(qū)各部門要在本通知下發(fā)十五個工作日內(nèi)制定實施方案。"
    simp = "兴庆区各部门要在本通知下发十五个工作日内制定实施方案。"
    assert _read(trad) == _read(simp)
    (c,) = extract_text(trad).clauses
    assert c.trigger is not None and c.trigger.text == "本通知下發(fā)"
    assert c.limit.text == "十五個工作日內(nèi)"
