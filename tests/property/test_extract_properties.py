"""Property tests of the extractor: a clause rendered from a random rule inside random surrounding
text is found and read back exactly; traditional-character and pinyin-annotated renderings read
the same; every span is the original's text at its offsets."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_deadlines.extraction import Extraction, extract_text
from gov_deadlines.extraction.normalize import normalize, t2s_available

UNITS = ["各部门", "区财政局", "县政府办公室", "各乡镇(街道)", "市数据局", "各有关单位"]
TRIGGERS = ["决定作出之日起", "本通知下发后", "收到申请之日起", "文件公开后", "突发事件发生后",
            "政策出台后", "信息形成之日起"]  # fmt: skip
OBLIGATIONS = ["公开相关信息", "报送工作方案", "举行新闻发布会", "撤下原信息", "完成整改"]
FILLER = [
    "推进政务公开标准化规范化建设。", "加强组织领导,强化督促检查。", "2023年是关键之年。",
    "进一步提升政务公开质量和实效。", "围绕中心工作,深化重点领域信息公开。",
    "一、总体要求\n", "(二)平台建设\n", "结合本地实际抓好落实。",
]  # fmt: skip
PERIOD_UNITS = {"个工作日": "wd", "日": "d", "天": "d", "小时": "h"}
_DIGIT = "零一二三四五六七八九"
_TONED = ["qū", "jìn", "fā", "nèi", "guān", "shí", "wù", "kāi", "qī", "xiàn"]


def chinese(n: int) -> str:
    """1-99 in Chinese numerals, written apart from the extractor's parser."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGIT[ones]
    head = "" if tens == 1 else _DIGIT[tens]
    return head + "十" + (_DIGIT[ones] if ones else "")


@st.composite
def clauses(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A sentence with one time limit, and the reading it must give."""
    kind = draw(st.sampled_from(["deadline", "window", "fixed_date", "recurring", "frequency"]))
    unit = draw(st.sampled_from(UNITS))
    obligation = draw(st.sampled_from(OBLIGATIONS))
    n = draw(st.integers(1, 99))
    written = draw(st.sampled_from([str(n), chinese(n)]))
    if kind == "deadline":
        word = draw(st.sampled_from(list(PERIOD_UNITS)))
        trigger = draw(st.sampled_from(TRIGGERS))
        sentence = f"{unit}要在{trigger}{written}{word}内{obligation}。"
        period = f"{n}{PERIOD_UNITS[word]}"
        reading = {"kind": "hours" if word == "小时" else "deadline", "period": period,
                   "trigger": trigger}  # fmt: skip
    elif kind == "window":
        word = draw(st.sampled_from(["个工作日", "日"]))
        sentence = f"{unit}要确保公开征求意见的时间不少于{written}{word}。"
        reading = {"kind": "window", "period": f"{n}{PERIOD_UNITS[word]}", "trigger": None}
    elif kind == "fixed_date":
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        sentence = f"{unit}要于{month}月{day}日前{obligation}。"
        reading = {"kind": "fixed_date", "period": ("year", month, day), "trigger": None}
    elif kind == "recurring":
        day = draw(st.integers(1, 28))
        sentence = f"{unit}要在每月{day}日前{obligation}。"
        reading = {"kind": "recurring", "period": ("month", None, day), "trigger": None}
    else:
        count = draw(st.integers(1, 9))
        times = draw(st.sampled_from([str(count), chinese(count)]))
        sentence = f"{unit}要每年至少召开{times}次专题会议。"
        reading = {"kind": "frequency", "period": ("1y", count), "trigger": None}
    reading["units"] = [unit]
    return sentence, reading


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    sentence, reading = draw(clauses())
    before = draw(st.lists(st.sampled_from(FILLER), max_size=4))
    after = draw(st.lists(st.sampled_from(FILLER), max_size=4))
    return "".join(before) + sentence + "".join(after), reading


def _norm(s: str) -> str:
    return normalize(s, chrome=False).text


def readings(ex: Extraction) -> list[dict[str, Any]]:
    out = []
    for c in ex.clauses:
        if c.kind == "frequency":
            period: Any = (str(c.period), c.count)
        elif c.schedule is not None:
            period = (c.schedule.every, c.schedule.month, c.schedule.day)
        else:
            period = str(c.period)
        out.append({
            "kind": c.kind, "period": period,
            "trigger": _norm(c.trigger.text) if c.trigger else None,
            "units": [_norm(u.text) for u in c.units],
        })  # fmt: skip
    return out


def spans_are_original(ex: Extraction) -> None:
    for c in ex.clauses:
        for s in (c.span, c.limit, *c.units, *c.lead, *c.section, c.trigger, c.obligation):
            if s is not None:
                assert ex.text[s.start : s.end] == s.text


@given(documents())
def test_rendered_rule_is_read_back(doc: tuple[str, dict[str, Any]]) -> None:
    """One clause, found and read exactly as rendered, nothing else found."""
    text, reading = doc
    ex = extract_text(text)
    assert readings(ex) == [reading]
    assert ex.vague == ()
    spans_are_original(ex)


def annotate(text: str, picks: list[int]) -> str:
    """Pinyin after some characters, as some scrapers write it: 區(qū)."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and picks and picks[i % len(picks)] % 3 == 0:
            out.append(f"({_TONED[picks[i % len(picks)] % len(_TONED)]})")
    return "".join(out)


@given(documents(), st.lists(st.integers(0, 100), min_size=1, max_size=20))
def test_pinyin_annotated_reads_the_same(doc: tuple[str, dict[str, Any]], picks: list[int]) -> None:
    """Pinyin annotations change nothing but the spans, which stay the original's."""
    text, reading = doc
    ex = extract_text(annotate(text, picks))
    assert readings(ex) == [reading]
    spans_are_original(ex)


@pytest.mark.skipif(not t2s_available(), reason="OpenCC (the extract extra) not installed")
@given(documents(), st.lists(st.integers(0, 100), min_size=1, max_size=20), st.booleans())
def test_traditional_reads_the_same(
    doc: tuple[str, dict[str, Any]], picks: list[int], pinyin: bool
) -> None:
    """Traditional characters (OpenCC s2t), with or without pinyin, read as the simplified."""
    import opencc

    text, reading = doc
    trad = opencc.OpenCC("s2t").convert(text)
    ex = extract_text(annotate(trad, picks) if pinyin else trad)
    assert readings(ex) == [reading]
    spans_are_original(ex)
