"""The State Council notice parser: every notice at hand, the description cases, the checks.

Answers come from outside the parser: chinese-calendar's tables and the holiday-cn files (two
independent transcriptions of the same notices), the 40 hand-written cases of
``holiday_cn_description_cases.json``, and dates written out by hand below.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from gov_deadlines import CalendarDataError, WorkCalendar
from gov_deadlines.calendar.festivals import festival_years, festivals, statutory_days
from gov_deadlines.calendar.notice import Notice, apply_amendment, parse_notice
from gov_deadlines.errors import NoticeError
from tests.conftest import SHARED

D = dt.date

#: Every annual notice at hand. 2005.txt is a news summary, not the notice, and is left out.
ANNUAL = (2004, 2006, 2007, 2008, 2009, 2010, 2012, 2013, 2014, 2015, 2017, 2018, 2019, 2020,
          2022, 2024, 2025, 2026)  # fmt: skip
#: Copies cut short ([…]): all their holiday items are there, preamble or closing words are not.
PARTIAL = (2004, 2006, 2008, 2009)
#: The special notices, and the year each amends.
AMENDMENTS = {2015: "2015-special", 2019: "2019-correction", 2020: "2020-extension"}

#: chinese-calendar's names, as the notices name the holidays.
CC_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
#: Where chinese-calendar is wrong and the notice is right: date -> (is a workday, why).
CC_ERRATA = {
    D(2005, 12, 31): (
        True,
        "2006 notice (国办发明电〔2005〕35号): '12月31日（星期六）上班'; chinese-calendar 1.11 "
        "has an ordinary Saturday (liriansu-opus/chinese-calendar#125, open)",
    ),
}


def notice_text(shared: Path, stem: str | int) -> str:
    return (shared / "data" / "notices" / f"{stem}.txt").read_text(encoding="utf-8")


def listing(data: dict[str, Any]) -> dict[dt.date, tuple[bool, str]]:
    """A holiday-cn mapping's days: date -> (is_off, name)."""
    return {D.fromisoformat(e["date"]): (e["isOffDay"], e["name"]) for e in data["days"]}


def owner(d: dt.date, name: str) -> int:
    """The year whose notice a listed day belongs to: a December 元旦 day is next year's."""
    return d.year + 1 if d.month == 12 and "元旦" in name else d.year


def parts(name: str) -> set[str]:
    return set(name.split("、"))


def arrangement(shared: Path, year: int) -> dict[dt.date, tuple[bool, str]]:
    """The year as its notice (and any special notice amending it) says, as holiday-cn days."""
    data = parse_notice(notice_text(shared, year)).to_holiday_cn()
    if year in AMENDMENTS:
        data = apply_amendment(data, parse_notice(notice_text(shared, AMENDMENTS[year])))
    return listing(data)


def every_day(year: int) -> Iterator[dt.date]:
    d = D(year - 1, 12, 1)
    while d <= D(year, 12, 31):
        yield d
        d += dt.timedelta(days=1)


def works(listed: tuple[bool, str] | None, d: dt.date) -> bool:
    return (not listed[0]) if listed else d.weekday() < 5


# -- every notice at hand --------------------------------------------------------------------------


def test_the_partial_copies_are_the_ones_marked_as_cut(shared_dir: Path) -> None:
    """The copies marked […] are 2004, 2006, 2008 and 2009 (2005 is a news summary)."""
    cut = {
        int(p.stem)
        for p in (shared_dir / "data" / "notices").glob("20??.txt")
        if "[…]" in p.read_text(encoding="utf-8") and p.stem != "2005"
    }
    assert cut == set(PARTIAL)


@pytest.mark.parametrize("year", ANNUAL)
def test_notice_means_what_chinese_calendar_says(shared_dir: Path, year: int) -> None:
    """Each notice gives every date of its holidays the working meaning chinese-calendar has."""
    ours = arrangement(shared_dir, year)
    present = set().union(*(parts(name) for _, name in ours.values()))
    theirs: dict[dt.date, tuple[bool, str]] = {}
    for table, off in ((chinese_calendar.holidays, True), (chinese_calendar.workdays, False)):
        for d, holiday in table.items():
            name = CC_NAMES[holiday]
            if owner(d, name) == year and name in present:  # a partial copy: its holidays only
                theirs[d] = (off, name)
    wrong = []
    for d in every_day(year):
        mine = works(ours.get(d), d)
        if d in CC_ERRATA:
            assert mine == CC_ERRATA[d][0], CC_ERRATA[d][1]
            continue
        relevant = d in theirs or (d in ours and owner(d, ours[d][1]) == year)
        if relevant and mine != works(theirs.get(d), d):
            wrong.append(f"{d} ({d:%a}): notice {ours.get(d)}, chinese-calendar {theirs.get(d)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("year", ANNUAL)
def test_notice_lists_exactly_chinese_calendars_makeup_workdays(
    shared_dir: Path, year: int
) -> None:
    """The make-up workdays (调休上班日) of each notice are exactly chinese-calendar's."""
    ours = {d for d, (off, name) in arrangement(shared_dir, year).items() if not off}
    theirs = {
        d for d, holiday in chinese_calendar.workdays.items() if owner(d, CC_NAMES[holiday]) == year
    } | {d for d, (is_work, _) in CC_ERRATA.items() if is_work and d.year + 1 == year}
    assert ours == theirs


@pytest.mark.parametrize("year", [y for y in ANNUAL if y >= 2007])
def test_notice_means_what_the_holiday_cn_file_says(shared_dir: Path, year: int) -> None:
    """Each notice (with its special notices) agrees with holiday-cn's file on every date."""
    ours = arrangement(shared_dir, year)
    path = shared_dir / "data" / "holiday-cn" / f"{year}.json"
    theirs = listing(json.loads(path.read_text(encoding="utf-8")))
    wrong = [
        f"{d}: notice {ours.get(d)}, holiday-cn {theirs.get(d)}"
        for d in sorted(set(ours) | set(theirs))
        if works(ours.get(d), d) != works(theirs.get(d), d)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("year", ANNUAL)
def test_notice_year_file_loads_into_the_calendar_without_conflict(
    shared_dir: Path, year: int
) -> None:
    """to_holiday_cn() is a year file the calendar accepts next to chinese-calendar's own data."""
    data = parse_notice(notice_text(shared_dir, year)).to_holiday_cn()
    if year in AMENDMENTS:
        data = apply_amendment(data, parse_notice(notice_text(shared_dir, AMENDMENTS[year])))
    if year == 2006:  # 2005-12-31: see CC_ERRATA
        data["days"] = [e for e in data["days"] if e["date"] != "2005-12-31"]
    cal = WorkCalendar.default().with_years(data)
    assert year in cal.years


def test_headers_of_the_notices(shared_dir: Path) -> None:
    """Title, document number and signature date are read, Chinese-numeral dates included."""
    n = parse_notice(notice_text(shared_dir, 2007))
    assert (n.year, n.kind, n.document, n.issued) == (
        2007, "annual", "国办发明电〔2006〕49号", D(2006, 12, 14)
    )  # fmt: skip
    assert n.title == "国务院办公厅关于2007年部分节假日安排的通知"
    assert parse_notice(notice_text(shared_dir, 2010)).issued == D(2009, 12, 7)  # 二○○九年
    n = parse_notice(notice_text(shared_dir, 2026))
    assert (n.document, n.issued) == (None, D(2025, 11, 4))  # the copy has no number
    assert parse_notice(notice_text(shared_dir, 2008)).issued is None  # cut before the signature


def test_notices_without_a_warning_are_complete(shared_dir: Path) -> None:
    """No notice at hand lacks a holiday; none of their years is outside the festival table."""
    for year in ANNUAL:
        assert parse_notice(notice_text(shared_dir, year)).warnings == ()


def test_2008_rest_days_moved_away_become_workdays(shared_dir: Path) -> None:
    """'9月27日、9月28日两个公休日调至9月29日、30日' (no 上班 clause in this copy): both worked."""
    n = parse_notice(notice_text(shared_dir, 2008))
    days = {d.date: d.is_off for d in n.days}
    assert days[D(2008, 9, 27)] is False and days[D(2008, 9, 28)] is False
    assert D(2008, 6, 8) not in {d.date for d in n.days if not d.is_off}  # moved, but in the break


def test_2009_combined_block_name_keeps_the_notice_order(shared_dir: Path) -> None:
    """'六、国庆节、中秋节：10月1日至8日' names its days 国庆节、中秋节, as holiday-cn does."""
    n = parse_notice(notice_text(shared_dir, 2009))
    assert {d.name for d in n.days if d.date.month == 10} == {"国庆节、中秋节"}


# -- special notices -------------------------------------------------------------------------------


def test_2015_anniversary_notice_is_an_amendment(shared_dir: Path) -> None:
    """国发明电〔2015〕1号: 9-3..9-5 off (3 days), Sunday 9-6 worked."""
    n = parse_notice(notice_text(shared_dir, "2015-special"))
    assert (n.year, n.kind, n.document) == (2015, "amendment", "国发明电〔2015〕1号")
    assert [(d.date, d.is_off) for d in n.days] == [
        (D(2015, 9, 3), True), (D(2015, 9, 4), True), (D(2015, 9, 5), True),
        (D(2015, 9, 6), False),
    ]  # fmt: skip
    assert {d.name for d in n.days} == {"中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"}


def test_2015_anniversary_is_added_to_the_year(shared_dir: Path) -> None:
    """Applied to 2015, the anniversary days join the year; 中秋节 (9-27) stays."""
    base = parse_notice(notice_text(shared_dir, 2015)).to_holiday_cn()
    out = listing(apply_amendment(base, parse_notice(notice_text(shared_dir, "2015-special"))))
    assert out[D(2015, 9, 6)][0] is False and out[D(2015, 9, 4)][0] is True
    assert out[D(2015, 9, 27)] == (True, "中秋节")
    assert len(out) == len(base["days"]) + 4


def test_2019_correction_replaces_labour_day(shared_dir: Path) -> None:
    """国办发明电〔2019〕3号: 5-1..5-4 off, Sundays 4-28 and 5-5 worked, instead of 5-1 alone."""
    base = parse_notice(notice_text(shared_dir, 2019)).to_holiday_cn()
    fix = parse_notice(notice_text(shared_dir, "2019-correction"))
    assert (fix.kind, fix.year) == ("amendment", 2019)
    out = apply_amendment(base, fix)
    labour = {d: v for d, v in listing(out).items() if v[1] == "劳动节"}
    assert labour == {
        D(2019, 4, 28): (False, "劳动节"), D(2019, 5, 1): (True, "劳动节"),
        D(2019, 5, 2): (True, "劳动节"), D(2019, 5, 3): (True, "劳动节"),
        D(2019, 5, 4): (True, "劳动节"), D(2019, 5, 5): (False, "劳动节"),
    }  # fmt: skip
    assert out["papers"] == [*base["papers"], "国办发明电〔2019〕3号 (2019-03-22)"]


def test_2020_extension_runs_to_2_february_and_cancels_the_makeup_day(shared_dir: Path) -> None:
    """国办发明电〔2020〕1号: 春节 to 2-2; Saturday 2-1, a make-up workday, becomes a day off."""
    ext = parse_notice(notice_text(shared_dir, "2020-extension"))
    assert (ext.kind, ext.year, ext.document) == ("amendment", 2020, "国办发明电〔2020〕1号")
    assert [(e.name, e.until) for e in ext.extensions] == [("春节", D(2020, 2, 2))]
    base = parse_notice(notice_text(shared_dir, 2020)).to_holiday_cn()
    assert listing(base)[D(2020, 2, 1)] == (False, "春节")
    out = listing(apply_amendment(base, ext))
    # 1-24..2-2 off: 10 days, none worked; 2-3 (Monday) back to work, not listed.
    spring = sorted(d for d, (off, name) in out.items() if off and name == "春节")
    assert spring == [D(2020, 1, 24) + dt.timedelta(days=k) for k in range(10)]
    assert D(2020, 2, 3) not in out and out[D(2020, 1, 19)] == (False, "春节")


def test_an_amendment_is_not_a_year_file(shared_dir: Path) -> None:
    """to_holiday_cn() of an amendment refuses: it would claim to define the whole year."""
    ext = parse_notice(notice_text(shared_dir, "2020-extension"))
    with pytest.raises(NoticeError, match="apply_amendment"):
        ext.to_holiday_cn()


def test_an_amendment_applies_to_its_own_year_only(shared_dir: Path) -> None:
    """Applying the 2019 correction to the 2020 arrangement is refused."""
    base = parse_notice(notice_text(shared_dir, 2020)).to_holiday_cn()
    with pytest.raises(NoticeError, match="amends 2019"):
        apply_amendment(base, parse_notice(notice_text(shared_dir, "2019-correction")))


def test_an_annual_notice_is_not_an_amendment(shared_dir: Path) -> None:
    """apply_amendment refuses an annual notice."""
    n = parse_notice(notice_text(shared_dir, 2019))
    with pytest.raises(NoticeError, match="not an amendment"):
        apply_amendment(n.to_holiday_cn(), n)


def test_an_extension_needs_the_break_it_extends(shared_dir: Path) -> None:
    """Extending 春节 2020 on a base without 春节 days off is refused, quoting the sentence."""
    ext = parse_notice(notice_text(shared_dir, "2020-extension"))
    with pytest.raises(NoticeError, match="no 春节 days off to extend") as err:
        apply_amendment({"year": 2020, "papers": [], "days": []}, ext)
    assert err.value.sentence is not None and "延长2020年春节假期至2月2日" in err.value.sentence


def test_a_malformed_base_is_refused() -> None:
    """The base mapping is read as a holiday-cn file first (CalendarDataError)."""
    fix = parse_notice(
        "国务院办公厅关于调整2019年劳动节假期安排的通知\n一、2019年5月1日至4日放假调休，共4天。"
    )
    with pytest.raises(CalendarDataError, match="days"):
        apply_amendment({"year": 2019, "papers": []}, fix)


# -- the holiday-cn description cases ----------------------------------------------------------


def description_cases() -> list[Any]:
    path = SHARED / "data" / "notices" / "holiday_cn_description_cases.json"
    if not path.is_file():
        return []
    cases = json.loads(path.read_text(encoding="utf-8"))
    return [pytest.param(c, id=f"{c['year']}-{i}") for i, c in enumerate(cases)]


def test_there_are_forty_description_cases(shared_dir: Path) -> None:
    """All 40 cases are run (the list below is read at collection time)."""
    assert len(description_cases()) == 40


@pytest.mark.parametrize("case", description_cases())
def test_description_case(case: dict[str, Any]) -> None:
    """Each sentence of holiday-cn's cases means exactly its listed days."""
    n = parse_notice(case["description"], year=case["year"])
    got = {(d.date.isoformat(), d.is_off) for d in n.days}
    assert got == {(e["date"], e["isOffDay"]) for e in case["expected"]}


# -- text as people paste it -----------------------------------------------------------------------

TEXT_2026 = """国务院办公厅关于2026年部分节假日安排的通知

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。

一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。

二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。

三、清明节：4月4日（周六）至6日（周一）放假，共3天。

四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。

五、端午节：6月19日（周五）至21日（周日）放假，共3天。

六、中秋节：9月25日（周五）至27日（周日）放假，共3天。

七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。

节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。

国务院办公厅
2025年11月4日
"""  # the 2026 notice, as published (closing words shortened)


def meaning(n: Notice) -> list[tuple[dt.date, bool, str]]:
    return [(d.date, d.is_off, d.name) for d in n.days]


EXPECTED_2026 = meaning(parse_notice(TEXT_2026))


def test_2026_days_written_out() -> None:
    """2026: 33 days off, 6 make-up workdays, 春节 2-15..2-23 (9 days) with 2-14 and 2-28 worked."""
    spring = [(d, off) for d, off, name in EXPECTED_2026 if name == "春节"]
    assert spring == [(D(2026, 2, 14), False)] + [
        (D(2026, 2, 15) + dt.timedelta(days=k), True) for k in range(9)
    ] + [(D(2026, 2, 28), False)]  # fmt: skip
    assert sum(off for _, off, _ in EXPECTED_2026) == 33  # 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert sum(not off for _, off, _ in EXPECTED_2026) == 6


def test_page_junk_around_the_notice_is_skipped() -> None:
    """Navigation, 打印本页, URLs and a related-link title around the notice change nothing."""
    page = (
        "首页 > 政策 > 最新  相关：国务院办公厅关于2025年部分节假日安排的通知\n"
        "【字体：大 中 小】 打印本页  发布时间：2025年11月4日 17:00\n"
        "https://www.gov.cn/zhengce/content/202511/content_7047090.htm\n\n"
        + TEXT_2026
        + "\n扫一扫在手机打开当前页  关闭窗口\n相关稿件：2025年1月1日（周三）放假1天\n"
    )
    n = parse_notice(page)
    assert meaning(n) == EXPECTED_2026
    assert (n.year, n.issued) == (2026, D(2025, 11, 4))


TRADITIONAL = str.maketrans(
    "国务办厅关于节调周劳动庆与连补腊农历当号发", "國務辦廳關於節調週勞動慶與連補臘農曆當號發"
)


def test_page_header_table_gives_the_document_number() -> None:
    """gov.cn's header table before the title (发文字号, 成文日期) is read for the number only."""
    header = (
        "发文机关：国务院办公厅\t成文日期：2025年11月04日\n"
        "标　　题：国务院办公厅关于2026年部分节假日安排的通知\n"
        "发文字号：国办发明电〔2025〕99号\t发布日期：2025年11月04日\n"  # number made up
    )
    n = parse_notice(header + TEXT_2026)
    assert meaning(n) == EXPECTED_2026
    assert (n.document, n.issued) == ("国办发明电〔2025〕99号", D(2025, 11, 4))


def test_traditional_characters_are_read() -> None:
    """國務院辦公廳…春節…調休…（週日）…農曆臘月 reads like the simplified text."""
    text = TEXT_2026.translate(TRADITIONAL)
    assert "春節" in text and "週日" in text and "臘月" in text
    n = parse_notice(text)
    assert meaning(n) == EXPECTED_2026
    assert n.title == "國務院辦公廳關於2026年部分節假日安排的通知"  # quoted as written


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t.replace("（", "(").replace("）", ")"), id="half-width-parens"),
        pytest.param(
            lambda t: t.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":"),
            id="half-width-punctuation",
        ),
        pytest.param(
            lambda t: t.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            id="full-width-digits",
        ),
        pytest.param(lambda t: t.replace("周", "星期"), id="xingqi"),
        pytest.param(lambda t: t.replace("至", "—"), id="dash-ranges"),
        pytest.param(lambda t: t.replace("至", "～"), id="wave-ranges"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", ""), id="one-line"),
        pytest.param(lambda t: re.sub(r"（农历[^、]*、", "（", t), id="no-lunar-annotations"),
        pytest.param(lambda t: re.sub(r"（[^）]*）", "", t), id="no-annotations"),
        pytest.param(lambda t: t.replace("放假调休", "放假"), id="fangjia-only"),
    ],
)
def test_variants_of_the_same_text_mean_the_same(variant: Any) -> None:
    """Half- and full-width forms, 周/星期, dashes, line ends, annotations: the same days."""
    assert meaning(parse_notice(variant(TEXT_2026))) == EXPECTED_2026


def test_sentences_are_quoted_as_written() -> None:
    """NoticeDay.sentence is the notice's own sentence, full-width punctuation and all."""
    n = parse_notice(TEXT_2026)
    day = next(d for d in n.days if d.date == D(2026, 2, 28))
    assert day.sentence == "2月14日（周六）、2月28日（周六）上班。"


def test_year_comes_from_the_title_or_the_text() -> None:
    """Without year=, the title's year; without a title, the first year written; else refused."""
    assert parse_notice("2027年1月1日放假。").year == 2027
    with pytest.raises(NoticeError, match="pass year="):
        parse_notice("1月1日放假。")
    with pytest.raises(NoticeError, match="title speaks of 2026"):
        parse_notice(TEXT_2026, year=2027)


def test_no_arrangement_is_refused() -> None:
    """A text without any 放假 or 上班 date is not a notice."""
    with pytest.raises(NoticeError, match="found no arrangement"):
        parse_notice("国务院办公厅关于印发某某工作要点的通知\n一、加强组织领导。", year=2026)


def test_range_across_years_and_bare_days() -> None:
    """'2018年12月30日至2019年1月1日' spans two years; a bare day continues the nearer month."""
    n = parse_notice(
        "一、元旦：12月30日至1月1日放假调休，共3天。12月29日（星期六）上班。", year=2019
    )
    assert [(d.date, d.is_off) for d in n.days] == [
        (D(2018, 12, 29), False), (D(2018, 12, 30), True), (D(2018, 12, 31), True),
        (D(2019, 1, 1), True),
    ]  # fmt: skip


def test_several_makeup_days_in_one_sentence() -> None:
    """'2月14日（周六）、2月28日（周六）上班' makes both Saturdays make-up workdays."""
    n = parse_notice("2月14日（周六）、2月28日（周六）、3月1日（周日）上班。", year=2026)
    assert [(d.date, d.is_off) for d in n.days] == [
        (D(2026, 2, 14), False), (D(2026, 2, 28), False), (D(2026, 3, 1), False),
    ]  # fmt: skip


def test_buxiu_and_lianxiu() -> None:
    """'4月5日放假，4月7日（星期一）补休' gives both days off; '与周末连休' adds no day."""
    text = "三、清明节：4月5日放假，4月7日（星期一）补休。五、端午节：6月2日放假，与周末连休。"
    n = parse_notice(text, year=2014)
    assert [(d.date, d.name) for d in n.days] == [
        (D(2014, 4, 5), "清明节"), (D(2014, 4, 7), "清明节"), (D(2014, 6, 2), "端午节"),
    ]  # fmt: skip


def test_an_item_without_heading_is_named_by_its_statutory_day() -> None:
    """A bare sentence holding 10-1 and 中秋 (10-6 in 2025) is 国庆节、中秋节 in date order."""
    n = parse_notice(
        "10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）上班。", year=2025
    )
    assert {d.name for d in n.days} == {"国庆节、中秋节"}


def test_a_holiday_inside_another_block_counts_as_arranged() -> None:
    """'国庆节：10月1日至8日' in 2025 holds 中秋 (10-6): 中秋节 is checked, not reported missing."""
    n = parse_notice("七、国庆节：10月1日（周三）至8日（周三）放假调休，共8天。", year=2025)
    assert D(2025, 10, 6) in [s.date for s in n.statutory if s.holiday == "中秋节"]
    assert "中秋节" not in n.warnings[0]
    assert "2025-10-06（中秋节 八月十五）" in n.describe()


def test_to_holiday_cn_schema() -> None:
    """The year file has year, papers (document or title, issue date) and days."""
    data = parse_notice(TEXT_2026).to_holiday_cn()
    assert data["year"] == 2026
    assert data["papers"] == ["国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)"]
    assert data["days"][0] == {"name": "元旦", "date": "2026-01-01", "isOffDay": True}


def test_a_new_year_is_added_to_the_calendar() -> None:
    """A 2027 notice's year file makes 2027 known; its make-up Sunday is a workday."""
    text = (
        "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
        "二、春节：2月5日（农历除夕、周五）至13日（周六）放假调休，共9天。2月14日（周日）上班。"
    )
    n = parse_notice(text, year=2027)
    cal = WorkCalendar.default().with_years(n.to_holiday_cn())
    assert cal.is_workday(D(2027, 2, 14)) and not cal.is_workday(D(2027, 2, 8))
    assert cal.day(D(2027, 2, 8)).name == "春节"


# -- checks, each quoting the sentence ------------------------------------------------------------


def refused(text: str, year: int | None = None) -> NoticeError:
    with pytest.raises(NoticeError) as err:
        parse_notice(text, year=year)
    return err.value


def test_wrong_weekday_annotation_is_refused() -> None:
    """2026-01-04 is a Sunday: '1月4日（周一）上班' is refused, quoting the sentence."""
    err = refused(TEXT_2026.replace("1月4日（周日）上班", "1月4日（周一）上班"))
    assert "2026-01-04 is a 周日 (Sunday), but the notice says 周一" in str(err)
    assert "「1月4日（周一）上班。」" in str(err) and err.sentence == "1月4日（周一）上班。"


def test_wrong_day_count_is_refused() -> None:
    """2-15..2-23 is 9 days: '共8天' is refused, quoting the sentence."""
    err = refused(TEXT_2026.replace("共9天", "共8天"))
    assert "says 8 days, but 2026-02-15 to 2026-02-23 is 9 days" in str(err)
    assert "至23日（农历正月初七、周一）放假调休，共8天。」" in str(err)


def test_weekday_makeup_day_is_refused() -> None:
    """A make-up workday on a Friday (5-8) is refused, quoting the sentence."""
    err = refused(TEXT_2026.replace("5月9日（周六）上班", "5月8日（周五）上班"))
    assert "must be a Saturday or Sunday, but 2026-05-08 is a 周五" in str(err)
    assert "「5月8日（周五）上班。」" in str(err)


def test_a_date_both_off_and_working_is_refused() -> None:
    """5-2 inside 5-1..5-5 off cannot also be a make-up workday; both sentences are quoted."""
    err = refused(TEXT_2026.replace("5月9日（周六）上班", "5月2日（周六）上班"))
    assert "2026-05-02 cannot be both a day off" in str(err)
    assert "「5月2日（周六）上班。」" in str(err)
    assert "5月1日（周五）至5日（周二）放假调休，共5天。" in str(err)


def test_spring_festival_without_chuxi_is_refused_from_2025() -> None:
    """From 2025 除夕 is statutory: a 春节 break from 初一 (2025-01-29) is refused."""
    text = "二、春节：1月29日（农历正月初一、周三）至2月4日（农历正月初七、周二）放假调休，共7天。"
    err = refused(text, year=2025)
    assert "春节 must include 2025-01-28 (除夕" in str(err)
    assert "2024年11月10日修订" in str(err)
    assert f"「{text}」" in str(err)


def test_spring_festival_without_chuxi_is_accepted_before_2025() -> None:
    """Under the 2013 rules (2014-2024) 除夕 is not statutory: 2024's break from 初一 is fine."""
    text = "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。"
    n = parse_notice(text, year=2024)
    assert [s.date for s in n.statutory] == [D(2024, 2, 10), D(2024, 2, 11), D(2024, 2, 12)]


def test_labour_day_needs_two_days_from_2025() -> None:
    """From 2025 劳动节 has 5-1 and 5-2: a break of 5-1 alone is refused."""
    err = refused("四、劳动节：5月1日（周四）放假1天。", year=2025)
    assert "劳动节 must include 2025-05-02 (5月2日" in str(err)


def test_wrong_lunar_annotation_is_refused() -> None:
    """2026-02-15 is 腊月二十八 (除夕 is 二十九 in 2026): calling it 腊月二十九 is refused."""
    err = refused(TEXT_2026.replace("农历腊月二十八", "农历腊月二十九"))
    assert (
        "calls 2026-02-15 农历腊月二十九, but by the festival table 农历腊月二十九 is 2026-02-16"
        in str(err)
    )


def test_reversed_range_is_refused() -> None:
    """'6月21日至19日' ends before it starts."""
    err = refused("五、端午节：6月21日（周日）至19日（周五）放假，共3天。", year=2026)
    assert "ends before it starts" in str(err) and "6月21日（周日）至19日" in str(err)


def test_impossible_date_is_refused() -> None:
    """'2月30日' is not a date."""
    err = refused("2月14日（周六）、2月30日（周六）上班。", year=2026)
    assert "not a date: '2月30日'" in str(err)


def test_date_outside_the_year_is_refused() -> None:
    """A 2026 notice cannot give 2027-01-01 off."""
    err = refused("2027年1月1日放假。", year=2026)
    assert "outside the year the notice arranges (2026" in str(err)


def test_notice_error_is_a_calendar_data_error() -> None:
    """NoticeError is a CalendarDataError and a ValueError."""
    assert issubclass(NoticeError, CalendarDataError) and issubclass(NoticeError, ValueError)


# -- describe -------------------------------------------------------------------------------------


def test_describe_lists_days_by_holiday() -> None:
    """describe() has one line per listed day, grouped by holiday, in Chinese or English."""
    n = parse_notice(TEXT_2026)
    zh, en = n.describe(), n.describe("en")
    assert "  2026-02-15 周日 春节 放假" in zh.splitlines()
    assert "  2026-02-28 周六 春节 上班（调休）" in zh.splitlines()
    assert "  2026-02-15 Sun Spring Festival day off" in en.splitlines()
    assert "  2026-02-28 Sat Spring Festival makeup workday" in en.splitlines()
    assert "法定节假日：2026-02-16（除夕）、2026-02-17（正月初一）" in zh
    assert zh.index("\n中秋节\n") < zh.index("\n国庆节\n")  # by first day off
    with pytest.raises(ValueError, match="lang"):
        n.describe("fr")


def test_year_beyond_the_festival_table_warns_and_checks_no_lunar_day() -> None:
    """2061 is past the table (2004-2060): 春节 is not checked, describe() says so."""
    assert festival_years() == (2004, 2060)
    n = parse_notice(
        "一、元旦：1月1日放假。\n二、春节：1月28日至2月3日放假调休，共7天。", year=2061
    )
    assert any("outside the festival table (2004-2060)" in w and "春节" in w for w in n.warnings)
    assert (
        "注意：2061 年不在节日日期表（2004—2060 年）范围内，未核对春节的法定节假日" in n.describe()
    )
    assert "warning: 2061 is outside the festival table (2004-2060)" in n.describe("en")
    assert [s.holiday for s in n.statutory] == ["元旦"]  # the fixed date is still checked


def test_describe_of_the_extension(shared_dir: Path) -> None:
    """The extension's description says up to when, and that make-up days are cancelled."""
    ext = parse_notice(notice_text(shared_dir, "2020-extension"))
    assert "假期延长至 2020-02-02 周日" in ext.describe()
    assert "break extended to 2020-02-02 Sun" in ext.describe("en")


# -- the festival table and the holiday rules -----------------------------------------------------


@pytest.mark.parametrize("year", range(2004, 2027))
def test_festival_days_are_off_in_chinese_calendar(year: int) -> None:
    """正月初一, and from 2008 清明, 端午 and 中秋, are off days in chinese-calendar's tables."""
    f = festivals(year)
    assert f is not None
    days = [f.spring_festival]
    if year >= 2008:
        days += [f.qingming, f.dragon_boat, f.mid_autumn]
    if 2008 <= year <= 2013 or year >= 2025:
        days.append(f.eve)  # 除夕 was statutory then
    assert [d for d in days if chinese_calendar.is_workday(d)] == []
    assert f.eve == f.spring_festival - dt.timedelta(days=1)


_LUNAR_WORDS = {"除夕": "eve", "正月初一": (1, 1), "正月初二": (1, 2), "正月初六": (1, 6),
                "正月初七": (1, 7), "正月初九": (1, 9), "腊月二十八": (12, 28),
                "五月初五": "dragon_boat", "八月十五": "mid_autumn", "清明": "qingming",
                "端午": "dragon_boat", "春节": (1, 1)}  # fmt: skip


def test_festival_table_matches_the_notices_own_lunar_annotations(shared_dir: Path) -> None:
    """Every 'M月D日（…农历X…）' of the notices falls where the table puts X (read by regex)."""
    seen = 0
    for path in sorted((shared_dir / "data" / "notices").glob("20*.txt")):
        text = path.read_text(encoding="utf-8")
        year = int(path.stem[:4])
        for m in re.finditer(r"(\d{1,2})月(\d{1,2})日（([^）]*)）", text):
            month, day, note = int(m.group(1)), int(m.group(2)), m.group(3)
            for word, what in _LUNAR_WORDS.items():
                if not re.search(rf"(?:农历|^|、|，){word}(?:当日|节)?(?:$|、|，)", note):
                    continue
                f = festivals(year)
                assert f is not None
                expected = f.lunar(*what) if isinstance(what, tuple) else getattr(f, what)
                assert expected == D(year, month, day), f"{path.name}: {m.group()}"
                seen += 1
    assert seen >= 15  # 2008, 2009, 2020-extension, 2025 and 2026 annotate their dates


def test_2008_statutory_days_are_those_the_2008_notice_names() -> None:
    """The 2007 rules are not at hand: the 2008 notice names 2-6 (除夕), 2-7, 2-8 法定节假日."""
    sd = statutory_days(2008)
    assert sd is not None and "513号" in sd.rules.citation
    assert [d for d, _, _ in sd.days["春节"]] == [D(2008, 2, 6), D(2008, 2, 7), D(2008, 2, 8)]
    assert [d for d, _, _ in sd.days["劳动节"]] == [D(2008, 5, 1)]


def test_rules_before_2008_have_no_lunar_holidays_but_three_labour_days() -> None:
    """1999 rules: 劳动节 5-1..5-3, no 清明/端午/中秋."""
    sd = statutory_days(2006)
    assert sd is not None
    assert set(sd.days) == {"元旦", "春节", "劳动节", "国庆节"}
    assert len(sd.days["劳动节"]) == 3


def test_festival_file_is_what_the_script_generates() -> None:
    """scripts/make_festivals.py, rerun, writes the committed file byte for byte."""
    pytest.importorskip("lunardate")
    pytest.importorskip("pymeeus")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "make_festivals.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_import_stays_cheap() -> None:
    """import gov_deadlines loads neither the notice parser nor the festival table."""
    code = (
        "import sys, gov_deadlines; "
        "print('gov_deadlines.calendar.notice' in sys.modules, "
        "'gov_deadlines.calendar.festivals' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
