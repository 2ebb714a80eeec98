"""A notice import refuses what it does not fully understand, and reads make-up days and counts
in the ways notices write them (issue 9, part A)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from gov_deadlines.calendar.notice import parse_notice
from gov_deadlines.errors import NoticeError

TITLE = "国务院办公厅关于2024年部分节假日安排的通知\n"
SPRING = "二、春节：2月10日至17日放假调休，共8天。"


def _workdays(text: str) -> list[dt.date]:
    return [d.date for d in parse_notice(TITLE + text).days if not d.is_off]


@pytest.mark.parametrize("verb", ["上班", "需上班", "需要上班", "须上班", "正常上班", "照常上班"])
def test_makeup_day_phrasings(verb: str) -> None:
    """2月18日（星期日）需上班 and its variants make Sunday 18 February a make-up workday."""
    assert _workdays(SPRING + f"2月18日（星期日）{verb}。") == [dt.date(2024, 2, 18)]


def test_unknown_words_after_a_date_refused() -> None:
    """A date followed by words the grammar does not read is refused, quoting the sentence."""
    with pytest.raises(NoticeError, match="值班") as info:
        parse_notice(TITLE + SPRING + "2月18日（星期日）值班。")
    assert info.value.sentence == "2月18日（星期日）值班。"


def test_descriptions_are_not_refused() -> None:
    """为法定节假日, 照常公休 and a gloss such as 除夕（2月9日） describe; they arrange nothing."""
    text = (
        SPRING + "其中，2月10日、11日、12日为法定节假日，2月17日（星期六）照常公休。"
        "鼓励各单位安排职工在除夕（2月9日）休息。2月4日（星期日）、2月18日（星期日）上班。"
    )
    assert _workdays(text) == [dt.date(2024, 2, 4), dt.date(2024, 2, 18)]


@pytest.mark.parametrize(
    "count", ["共8天", "共计8天", "（共8天）", "连休8天", "共八天", "共计八天", "（共八天）"]
)
def test_count_phrasings_checked(count: str) -> None:
    """Every phrasing of the count is read; a right one passes."""
    parse_notice(TITLE + f"二、春节：2月10日至17日放假调休，{count}。")


@pytest.mark.parametrize("count", ["共9天", "共计九天", "（共7天）", "连休十天", "放假调休9天"])
def test_wrong_counts_refused(count: str) -> None:
    """A count that is not the days of the range is refused in every phrasing."""
    text = f"二、春节：2月10日至17日放假调休，{count}。"
    if count.startswith("放假"):
        text = f"二、春节：2月10日至17日{count}。"
    with pytest.raises(NoticeError, match="is 8 days"):
        parse_notice(TITLE + text)


def test_malformed_numeral_refused() -> None:
    """共十十天 is not a number: a NoticeError naming it, not a crash."""
    with pytest.raises(NoticeError, match="十十"):
        parse_notice(TITLE + "一、元旦：1月1日放假，共十十天。")


def test_malformed_item_number_ignored() -> None:
    """十十、 is not an item number; the text is read without it."""
    notice = parse_notice(TITLE + "十十、一、元旦：1月1日放假。")
    assert [d.date for d in notice.days] == [dt.date(2024, 1, 1)]


def test_with_weekend_count() -> None:
    """1月1日（周五）放假，与周末连休，共3天: the count includes the weekend joined to it."""
    title = "国务院办公厅关于2027年部分节假日安排的通知\n"
    text = title + "一、元旦：1月1日（周五）放假，与周末连休，共3天。"
    assert [d.date for d in parse_notice(text).days] == [dt.date(2027, 1, 1)]


def test_long_line_is_linear() -> None:
    """A 1 MB line of dates parses (or is refused) in seconds, not minutes: a bound, not a
    benchmark (it took over a minute when every date looked for its own sentence)."""
    text = TITLE + "一、元旦：" + "1月1日（星期一）、" * 100_000 + "1月1日放假。"
    assert len(text.encode()) > 1_000_000
    started = time.perf_counter()
    assert [d.date for d in parse_notice(text).days] == [dt.date(2024, 1, 1)]
    assert time.perf_counter() - started < 30


def test_long_sentence_quoted_short() -> None:
    """A refused 1 MB sentence is quoted in the message cut to a few hundred characters."""
    with pytest.raises(NoticeError) as info:
        parse_notice(TITLE + "一、元旦：1月1日放假，" + "啊" * 1_000_000 + "共9天。")
    assert len(str(info.value)) < 1000
