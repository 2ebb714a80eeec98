"""The grammar of State Council holiday notices: text -> :class:`~.notice.Notice`.

Normalisation (full-width forms, traditional characters, page junk), the sentence grammar
(dates, ranges, lists, 放假/上班/补休, 共N天, weekday and lunar annotations) and the checks made
while reading. :func:`~gov_deadlines.calendar.notice.parse_notice` is the public entry point;
the rules it follows are in that module's docstring.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
import unicodedata

import attrs

from gov_deadlines.calendar.blocks import block_day_off, notice_year
from gov_deadlines.calendar.festivals import festival_years, festivals, statutory_days
from gov_deadlines.calendar.notice import (
    _ALIAS_RE,
    _FALLBACK_NAME,
    _WEEKDAYS_ZH,
    Extension,
    Notice,
    NoticeDay,
    NoticeKind,
    StatutoryDay,
    _canonical,
    _parts,
    _weekday,
)
from gov_deadlines.errors import InvalidArgument, NoticeError, Words

__all__ = ["parse"]


# -- normalisation ---------------------------------------------------------------------------------

# Traditional characters that change how a notice reads; the rest need no mapping to be parsed.
_TRAD = str.maketrans(
    dict(
        zip(
            "國務辦廳關於節調週勞動慶與連補臘農曆歷當號發電為間開紀勝戰爭際長個將兩從據規決華"
            "區縣復後體時單門現實禮歲龍陽團圓會議採僅準",
            "国务办厅关于节调周劳动庆与连补腊农历历当号发电为间开纪胜战争际长个将两从据规决华"
            "区县复后体时单门现实礼岁龙阳团圆会议采仅准",
            strict=True,
        )
    )
    | {"〜": "~", "～": "~", "﹐": ",", "﹑": "、"}
)


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC plus the traditional characters above; also where each character came from."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch == "\r":
            n = "" if text[i + 1 : i + 2] == "\n" else "\n"
        elif ch.isascii():
            n = ch
        else:
            n = unicodedata.normalize("NFKC", ch).translate(_TRAD)
        for c in n:
            chars.append(c)
            where.append(i)
    where.append(len(text))
    return "".join(chars), where


# -- the grammar -----------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?<!\d)(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
)
_ANNOTATION = re.compile(r"\s*\(([^()\n]{0,40})\)")
_RANGE_SEP = re.compile(r"\s*(?:至|到|[-—–―~]+)\s*")
_LIST_SEP = re.compile(r"\s*(?:、|和|及|以及)\s*")
_NUM = r"\d+|[〇零一二两三四五六七八九十]+"
_OFF = re.compile(r"\s*(?:全国\s*)?(?:调休\s*)?放假|\s*补休")
# The count right after 放假 ("放假调休，共8天", "放假3天"), then any further count of the clause in
# the ways notices write it: 共N天, 共计N天, （共N天）, 连休N天.
_COUNT = re.compile(rf"\s*(?:调休|公休)?\s*(?:(?P<n1>{_NUM})\s*天)?")
_MORE_COUNT = re.compile(rf"(?:共计?|连休)\s*(?P<n>{_NUM})\s*天")
_CLAUSE_END = re.compile(r"[。;\n]")
_WITH_WEEKEND = re.compile(r"与\s*周末\s*连休")
_WORK = re.compile(r"\s*(?:(?:需要|需|须|要|应)\s*)?(?:调休\s*)?上班")
_USUAL_WORK = re.compile(r"\s*(?:照常|正常)\s*上班")
# Old notices (2004-2009) move weekend rest days: "9月27日（星期六）、9月28日（星期日）
# 两个公休日调至9月29日（星期一）、30日（星期二）". A moved rest day outside the days off is worked.
_MOVED = re.compile(
    r"\s*(?:[两二三四五六七八九十]个)?\s*公休日\s*(?:及[^调,。]{0,10})?(?:分别)?\s*调至"
)
_EXTEND = re.compile(r"延长\s*(?:\d{4}\s*年\s*)?(?P<name>[^\s,。:;]{1,20}?)\s*假期\s*至\s*$")
# What may follow dates that neither give days off nor make working days, because it only
# describes them (为法定节假日, 照常公休, 为公休日), starts a period (…起正常上班), glosses a word
# ("除夕（2月9日）"), or ends the clause (the targets of 公休日调至…, the days of 其中…).
_DESCRIBES = re.compile(
    r"\s*(?:\)|[,、]?\s*$|为[^,;。]{0,10}?(?:法定(?:节)?假日|公休日)|照常公休|起|调休\s*[,;。]?\s*$)"
)
_WEEKDAY_ANN = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天七])")
_TITLE = re.compile(r"国务院(?:办公厅)?\s*关于[^\n。]{2,80}?的通知")
_SPECIAL_NAME = re.compile(r"关于(?P<what>.+?)(?:调休)?放假的通知")
_DOC = re.compile(r"(国[\u4e00-\u9fff]{1,6}?)\s*[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*(\d{1,4})\s*号")
_CN_DIGITS = "〇一二三四五六七八九"
_DATE_LINE = (
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)"
)
_SIGNATURE = re.compile(
    rf"(?m)(?:^|(?<=[。\s]))[ \t]*国务院(?:办公厅)?[ \t]*\n?[ \t]*"
    rf"(?P<date>{_DATE_LINE})[ \t]*(?=\n|$)"
)
_DATE_ONLY_LINE = re.compile(rf"(?m)^[ \t]*(?P<date>{_DATE_LINE})[ \t]*$")
_URL = re.compile(r"(?:https?://|www\.)[^\s\u4e00-\u9fff]+")
_ITEM = re.compile(r"(?:^|(?<=[\s。:;]))(?P<num>[一二三四五六七八九十]{1,3})、")
_HEADING = re.compile(r"\s*(?P<h>[^:\n\d]{1,24}?)\s*:")
_NAMED_LINE = re.compile(rf"(?m)^[ \t]*(?=(?:{_ALIAS_RE.pattern})[^:\n\d]{{0,20}}:)")
_SENTENCE_END = "。!?\n"


_CN_NUMBER = re.compile(
    r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[〇零一二两三四五六七八九]"
)


def _cn_number(s: str) -> int:
    """一 -> 1, 十二 -> 12, 二十八 -> 28, 廿八 -> 28, 三十 -> 30; digits as they are.

    A ``ValueError`` for what is not a number up to 99 (十十, 二二).
    """
    if s.isdigit():
        return int(s)
    s = s.replace("廿", "二十").replace("卅", "三十").replace("两", "二").replace("零", "〇")
    if not _CN_NUMBER.fullmatch(s):
        raise ValueError(f"{s!r} is not a number written in Chinese (一 to 九十九)")
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (
            _CN_DIGITS.index(ones) if ones else 0
        )
    return _CN_DIGITS.index(s)


def _cn_year(s: str) -> int:
    return int("".join(str(_CN_DIGITS.index(c.replace("○", "〇").replace("零", "〇"))) for c in s))


def _line_date(text: str) -> dt.date | None:
    m = re.fullmatch(r"\s*(\S+?)\s*年\s*(\S+?)\s*月\s*(\S+?)\s*日\s*", text)
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        year = int(y) if y.isdigit() else _cn_year(y)
        return dt.date(year, _cn_number(mo), _cn_number(d))
    except ValueError:
        return None


# -- lunar annotations -----------------------------------------------------------------------------

_LUNAR_MONTHS = {"正": 1, "一": 1, "五": 5, "八": 8, "腊": 12, "十二": 12}
_LUNAR_DAY = re.compile(
    r"(?:(?P<month>正|腊|冬|十二|十一|[一二三四五六七八九十])月)?(?P<big>大年)?"
    r"(?P<day>初[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]|卅)"
)


def _lunar_spec(part: str, month_hint: int | None) -> tuple[str, int, int] | None:
    """Read one annotation part as a lunar day: ``("md", month, day)``, ``("eve"|..., 0, 0)``.

    None when the part is not a lunar day this module can check.
    """
    p = part.strip()
    for prefix in ("即", "农历", "阴历"):
        p = p.removeprefix(prefix)
    p = p.removesuffix("当日").removesuffix("节").strip()
    named = {
        "除夕": "eve",
        "春": "spring+0",
        "清明": "qingming",
        "端午": "dragon_boat",
        "中秋": "mid_autumn",
    }
    if p in named:
        return (named[p], 0, 0)
    if p in ("新年", "元旦"):
        return ("new_year", 0, 0)
    m = _LUNAR_DAY.fullmatch(p)
    if not m:
        return None
    month: int | None
    if m.group("big"):
        month = 1
    elif m.group("month"):
        month = _LUNAR_MONTHS.get(m.group("month"), 0) or None
        if month is None:
            return ("md", 0, 0)  # a month the table cannot check
    else:
        month = month_hint
    if month is None:
        return None
    day = _cn_number(m.group("day").removeprefix("初"))
    return ("md", month, day)


def _lunar_date(spec: tuple[str, int, int], near: dt.date) -> dt.date | None:
    """The Gregorian date of a lunar spec in the festival year nearest ``near``, if known."""
    kind, month, day = spec
    if kind == "new_year":
        return dt.date(near.year, 1, 1)
    best: dt.date | None = None
    for year in (near.year, near.year + 1):
        f = festivals(year)
        if f is None:
            continue
        cand: dt.date | None = f.by_key(kind) if kind != "md" else None
        if kind == "md" and month:
            cand = f.lunar(month, day)
        if cand is not None and (best is None or abs(cand - near) < abs(best - near)):
            best = cand
    return best


# -- parsing ---------------------------------------------------------------------------------------


@attrs.define
class _Token:
    start: int
    end: int  # after the annotations
    y: int | None
    m: int | None
    d: int
    annotations: list[str]
    text: str
    date: dt.date = dt.date.min


@attrs.define
class _Block:
    start: int
    end: int
    heading: list[str]  # normalised holiday names of the heading, [] without one


class _Reader:
    """One parse: the normalised text, where it came from, and the sentence of any position."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.norm, self.where = _normalise(text)
        self.mask = _URL.sub(lambda m: " " * len(m.group()), self.norm)

    @functools.cached_property
    def _ends(self) -> list[int]:
        # Where sentences end, found once: looking for them from every date would make a long
        # line (a hostile notice) quadratic.
        return [m.start() for m in re.finditer(f"[{_SENTENCE_END}]", self.norm)]

    def sentence(self, pos: int) -> str:
        """The sentence around normalised position ``pos``, as written in the original text."""
        i = bisect.bisect_left(self._ends, pos)
        s = self._ends[i - 1] + 1 if i > 0 else 0
        e = self._ends[i] if i < len(self._ends) else len(self.norm)
        if e < len(self.norm) and self.norm[e] != "\n":
            e += 1  # keep the full stop
        return self._sentence(s, e)

    @functools.lru_cache(maxsize=64)  # noqa: B019  # one reader per parse; it dies with it
    def _sentence(self, s: int, e: int) -> str:
        return self.original[self.where[s] : self.where[e]].strip()

    def fail(self, code: str, pos: int, **fields: object) -> NoticeError:
        """The refusal ``errors.notice.<code>``, quoting the sentence at ``pos``."""
        return NoticeError.quoting(_shorten(self.sentence(pos)), f"errors.notice.{code}", **fields)


def _shorten(text: str, limit: int = 200) -> str:
    """A sentence quoted in a message: a hostile 1 MB line is cut, not echoed whole."""
    return text if len(text) <= limit else text[:limit] + f"…（+{len(text) - limit}）"


def parse(text: str, year: int | None = None) -> Notice:
    """The work of :func:`~gov_deadlines.calendar.notice.parse_notice`."""
    if not isinstance(text, str):
        raise InvalidArgument(f"text must be the notice as a str, got {type(text).__name__}")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise InvalidArgument(f"year must be an int such as 2027, got {year!r}")
    r = _Reader(text)
    body_start, body_end, found = _body(r)
    title = found[0] if found else None
    issued = None
    sig = _SIGNATURE.search(r.mask, body_start, body_end)
    if sig:
        issued = _line_date(sig.group("date"))
        body_end = sig.start()
    else:
        lines = list(_DATE_ONLY_LINE.finditer(r.mask, body_start, body_end))
        if lines:
            issued = _line_date(lines[-1].group("date"))
    # The document number: in the body (under the title), else in a page's header table before
    # the title ("发文字号：国办发明电〔2025〕7号").
    doc = _DOC.search(r.mask, body_start, body_end) or _DOC.search(r.mask, 0, body_start)
    # Everything outside the notice is blanked, so positions still point into the text.
    r.mask = " " * body_start + r.mask[body_start:body_end] + " " * (len(r.mask) - body_end)

    title_year = None
    if title:
        ty = re.search(r"(\d{4})\s*年", title)
        title_year = int(ty.group(1)) if ty else None
    if year is None:
        year = title_year
        if year is None:
            first = re.search(r"(?<![\d〔\[(])(\d{4})\s*年", r.mask)
            year = int(first.group(1)) if first else None
        if year is None:
            raise NoticeError.coded("errors.notice.no_year")
    elif title_year is not None and title_year != year:
        raise NoticeError.quoting(
            title, "errors.notice.title_year", title_year=title_year, year=year
        )
    if not 1900 < year < 9999:
        raise NoticeError.coded("errors.notice.bad_year", year=year)

    document = None
    if doc:
        document = f"{doc.group(1)}〔{doc.group(2)}〕{doc.group(3)}号"

    extension_title = bool(title and "延长" in title)
    annual = title is None or "部分节假日安排" in title
    title_name: str | None = None
    if title and not annual:
        names = _canonical(title)
        if names:
            title_name = "、".join(names)
        else:
            special = _SPECIAL_NAME.search(title)
            title_name = special.group("what") if special else None
            if title_name:
                title_name = re.sub(r"^\d{4}\s*年", "", title_name)

    parser = _Parser(r, year, title_name)
    for block in _blocks(r, body_start, body_end):
        parser.read_block(block)
    parser.finish()
    if not parser.days and not parser.extensions:
        raise NoticeError.coded("errors.notice.nothing")
    kind: NoticeKind = "annual" if annual and not parser.extensions else "amendment"
    if extension_title and not parser.extensions:
        raise NoticeError.coded("errors.notice.no_extension")
    statutory, rules, warnings = parser.check_statutory(kind)
    days = tuple(
        NoticeDay(d, off, name, sentence)
        for d, (off, name, sentence, _) in sorted(parser.days.items())
    )
    return Notice(
        year=year,
        kind=kind,
        title=r.original[r.where[found[1]] : r.where[found[2]]].strip() if found else None,
        document=document,
        issued=issued,
        days=days,
        extensions=tuple(parser.extensions),
        statutory=statutory,
        rules=rules,
        warnings=tuple(en for en, _ in (*parser.warnings, *warnings)),
        warnings_zh=tuple(zh for _, zh in (*parser.warnings, *warnings)),
    )


def _body(r: _Reader) -> tuple[int, int, tuple[str, int, int] | None]:
    """Where the notice's body starts and ends, and its title as ``(text, start, end)``.

    The title is the first 国务院…关于…的通知 whose text (up to the next such title) arranges days
    off; page navigation that merely links another notice is skipped.
    """
    titles = list(_TITLE.finditer(r.mask))
    for i, t in enumerate(titles):
        end = titles[i + 1].start() if i + 1 < len(titles) else len(r.mask)
        chunk = r.mask[t.end() : end]
        if re.search(r"日[^。]{0,30}?(?:放假|上班|补休)|假期\s*至", chunk):
            return t.end(), end, (re.sub(r"\s+", "", t.group()), t.start(), t.end())
    return 0, len(r.mask), None


def _blocks(r: _Reader, start: int, end: int) -> list[_Block]:
    """Split the body into items (一、二、… or a line opening with a holiday's name and a colon).

    An item runs to the next item; text before the first item is split into lines.
    """
    marks: list[int] = []
    last = 0  # item numbers only go up (an excerpt may skip some)
    for m in _ITEM.finditer(r.mask, start, end):
        try:
            number = _cn_number(m.group("num"))
        except ValueError:  # 十十、: not an item number
            continue
        if number > last:
            marks.append(m.start())
            last = number
    marks.extend(m.start() for m in _NAMED_LINE.finditer(r.mask, start, end))
    marks = sorted(set(marks))
    blocks: list[_Block] = []
    first = marks[0] if marks else end
    pos = start
    for line in r.mask[start:first].split("\n"):
        blocks.append(_Block(pos, pos + len(line), []))
        pos += len(line) + 1
    for i, s in enumerate(marks):
        e = marks[i + 1] if i + 1 < len(marks) else end
        item = _ITEM.match(r.mask, s)
        h_start = item.end() if item else s
        heading = _HEADING.match(r.mask, h_start, e)
        names = _canonical(heading.group("h")) if heading else []
        blocks.append(_Block(s, e, names))
    return blocks


class _Parser:
    """Collects days from blocks and checks them as it goes."""

    def __init__(self, r: _Reader, year: int, title_name: str | None) -> None:
        self.r = r
        self.year = year
        self.title_name = title_name
        # date -> (is_off, name, sentence, position in the normalised text)
        self.days: dict[dt.date, tuple[bool, str, str, int]] = {}
        self.extensions: list[Extension] = []
        self.warnings: list[tuple[str, str]] = []  # (English, Chinese)
        self.first_off: dict[str, int] = {}  # holiday name -> position of its first day off
        self.moved: list[tuple[dt.date, str, int]] = []  # rest days moved (公休日调至)

    def finish(self) -> None:
        """Moved rest days that are not days off become make-up workdays (once all is read)."""
        for d, name, pos in self.moved:
            listed = self.days.get(d)
            if listed is None:
                self.add(d, False, name, pos)

    # -- tokens --

    def tokens(self, block: _Block) -> list[_Token]:
        r = self.r
        out: list[_Token] = []
        for m in _DATE.finditer(r.mask, block.start, block.end):
            end = m.end()
            notes: list[str] = []
            while (a := _ANNOTATION.match(r.mask, end, block.end)) is not None:
                notes.append(a.group(1))
                end = a.end()
            y, mo = m.group("y"), m.group("m")
            if y and not mo:
                raise r.fail("no_month", m.start(), date=m.group())
            out.append(
                _Token(
                    m.start(),
                    end,
                    int(y) if y else None,
                    int(mo) if mo else None,
                    int(m.group("d")),
                    notes,
                    m.group(),
                )
            )
        # Resolve years and months: a bare day continues the month before; a date without a year
        # takes the year nearest the date before it (12月31日 in a 元旦 item is the year before).
        new_year = "元旦" in block.heading or any(t.m == 1 and t.d == 1 for t in out)
        linked = {  # dates joined to the one before by 至 or 、: "2月15日至23日", "17日、18日"
            id(b)
            for a, b in itertools.pairwise(out)
            if _RANGE_SEP.fullmatch(sep := r.mask[a.end : b.start]) or _LIST_SEP.fullmatch(sep)
        }
        prev: dt.date | None = None
        for t in out:
            try:
                if t.y is not None and t.m is not None:
                    t.date = dt.date(t.y, t.m, t.d)
                elif t.m is not None:
                    ref = prev or dt.date(self.year, 1 if new_year else 7, 1)
                    cands = []
                    for y in (self.year - 1, self.year):
                        try:
                            cands.append(dt.date(y, t.m, t.d))
                        except ValueError:  # 2月29日 in one of the two years only
                            continue
                    if not cands:
                        raise ValueError(f"day {t.d} is out of range for month {t.m}")
                    t.date = min(cands, key=lambda c: (abs((c - ref).days), -c.year))
                elif prev is not None and id(t) in linked:
                    t.date = dt.date(prev.year, prev.month, t.d)  # 2月15日至23日
                elif prev is not None:
                    # A bare day opening a clause continues the month before, or the month next
                    # to it when that is nearer: "1月29日—2月4日…其中，29日、30日、31日为法定假日"
                    # is January.
                    cands = []
                    for k in (-1, 0, 1):
                        y, mo = divmod(prev.year * 12 + prev.month - 1 + k, 12)
                        try:
                            cands.append(dt.date(y, mo + 1, t.d))
                        except ValueError:
                            continue
                    if not cands:
                        raise ValueError(f"day {t.d} is out of range for any month")
                    before = prev
                    t.date = min(cands, key=lambda c: abs((c - before).days))
                else:
                    raise self.r.fail("which_month", t.start, day=t.d)
            except ValueError as exc:
                raise r.fail("not_a_date", t.start, text=t.text, detail=str(exc)) from None
            prev = t.date
        return out

    # -- blocks --

    def read_block(self, block: _Block) -> None:
        r = self.r
        toks = self.tokens(block)
        if not toks:
            return
        groups: list[list[list[_Token]]] = []
        cur: list[list[_Token]] = [[toks[0], toks[0]]]
        for a, b in itertools.pairwise(toks):
            sep = r.mask[a.end : b.start]
            if _RANGE_SEP.fullmatch(sep) and cur[-1][0] is cur[-1][1]:
                cur[-1][1] = b
            elif _LIST_SEP.fullmatch(sep):
                cur.append([b, b])
            else:
                groups.append(cur)
                cur = [[b, b]]
        groups.append(cur)

        for g in groups:
            for a, b in g:
                if b.date < a.date:
                    raise r.fail("backwards", a.start, start=a.date, end=b.date)
        # The range each token ends, looked up once (per token it would be quadratic).
        starts = {id(b): a for g in groups for a, b in g if a is not b}
        next_start = {id(a): b.start for a, b in itertools.pairwise(toks)}
        for t in toks:
            if t.annotations:
                self.check_annotations(t, starts.get(id(t)))
        listed: list[tuple[list[list[_Token]], str]] = []  # (group, meaning) in text order
        for g in groups:
            first, last = g[0][0], g[-1][1]
            after = last.end
            before = r.mask[block.start : first.start]
            ext = _EXTEND.search(before[-60:])
            if ext and len(g) == 1 and g[0][0] is g[0][1]:
                name = "、".join(_canonical(ext.group("name"))) or ext.group("name")
                self.extensions.append(Extension(name, last.date, r.sentence(first.start)))
                self.add(last.date, True, name, first.start)
                continue
            if m := _OFF.match(r.mask, after, block.end):
                listed.append((g, "off"))
                self.check_count(g, m.end(), next_start.get(id(last), block.end))
            elif _WORK.match(r.mask, after, block.end):
                listed.append((g, "work"))
            elif _USUAL_WORK.match(r.mask, after, block.end):
                listed.append((g, "usual"))
            elif _MOVED.match(r.mask, after, block.end):
                listed.append((g, "moved"))
            else:
                self.check_described(g, after, next_start.get(id(last), block.end))
        if not listed:
            return
        name = self.block_name(block, [g for g, meaning in listed if meaning == "off"])
        for g, meaning in listed:
            for start, end in g:
                for o in range(start.date.toordinal(), end.date.toordinal() + 1):
                    d = dt.date.fromordinal(o)
                    if meaning == "off":
                        self.add(d, True, name, start.start)
                        self.first_off.setdefault(name, start.start)
                    elif meaning == "moved":
                        if d.weekday() < 5:
                            raise r.fail(
                                "moved_weekday", start.start, day=d.isoformat(),
                                weekday_zh=_weekday(d, "zh"), weekday_en=f"{d:%A}",
                            )  # fmt: skip
                        self.moved.append((d, name, start.start))
                    elif d.weekday() >= 5 or meaning == "work":
                        if d.weekday() < 5:
                            raise r.fail(
                                "makeup_weekday", start.start, day=d.isoformat(),
                                weekday_zh=_weekday(d, "zh"), weekday_en=f"{d:%A}",
                            )  # fmt: skip
                        self.add(d, False, name, start.start)

    def block_name(self, block: _Block, off_groups: list[list[list[_Token]]]) -> str:
        if block.heading:
            return "、".join(block.heading)
        if self.title_name:
            return self.title_name
        off: set[dt.date] = set()
        for g in off_groups:
            for a, b in g:
                first, last = a.date.toordinal(), b.date.toordinal()
                off.update(dt.date.fromordinal(o) for o in range(first, last + 1))
        found: list[tuple[dt.date, str]] = []
        for name, days in _holiday_days(self.year).items():
            hit = sorted(off & set(days))
            if hit:
                found.append((hit[0], name))
        if found:
            return "、".join(n for _, n in sorted(found))
        sentence = self.r.sentence(block.start)
        self.warnings.append(
            (
                f"could not tell which holiday 「{sentence}」 arranges; its days are named "
                f"{_FALLBACK_NAME}",
                f"无法判断「{sentence}」安排的是哪个节日，其日期记为“{_FALLBACK_NAME}”",
            )
        )
        return _FALLBACK_NAME

    # -- checks --

    def add(self, d: dt.date, off: bool, name: str, pos: int) -> None:
        r = self.r
        if notice_year(d, name) != self.year and d.year != self.year:
            raise r.fail("outside_year", pos, day=d.isoformat(), year=self.year)
        old = self.days.get(d)
        if old is None:
            self.days[d] = (off, name, r.sentence(pos), pos)
        elif old[0] != off:
            off_, work = (
                Words("errors.calendar_data.says.off"),
                Words("errors.calendar_data.says.working"),
            )
            was, now = (off_, work) if old[0] else (work, off_)
            raise NoticeError.quoting(
                r.sentence(pos),
                "errors.notice.both",
                day=d.isoformat(),
                was=was,
                old=old[2],
                now=now,
            )

    def check_count(self, g: list[list[_Token]], pos: int, end: int) -> None:
        """Every count of the clause (放假3天, 共N天, 共计N天, （共N天）, 连休N天) is the days of
        ``g``; with 与周末连休, the days of ``g`` and the weekend days next to them."""
        r = self.r
        clause = _CLAUSE_END.search(r.mask, pos, end)
        end = clause.start() if clause else end
        m = _COUNT.match(r.mask, pos, end)
        said = [m.group("n1")] if m and m.group("n1") else []
        said += [c.group("n") for c in _MORE_COUNT.finditer(r.mask, pos, end)]
        if not said:
            return
        days: set[int] = set()
        for a, b in g:
            days.update(range(a.date.toordinal(), b.date.toordinal() + 1))
        counts = {len(days)}
        if _WITH_WEEKEND.search(r.mask, pos, end):
            joined = set(days)
            for step in (-1, 1):
                o = (min if step < 0 else max)(days) + step
                while dt.date.fromordinal(o).weekday() >= 5:
                    joined.add(o)
                    o += step
            counts.add(len(joined))
        first, last = g[0][0].date, g[-1][1].date
        for n in said:
            try:
                number = _cn_number(n)
            except ValueError as exc:
                raise r.fail("count_unreadable", g[0][0].start, n=n, detail=str(exc)) from None
            if number not in counts:
                raise r.fail(
                    "count_one" if len(days) == 1 else "count", g[0][0].start, n=n,
                    first=first.isoformat(), last=last.isoformat(), days=len(days),
                )  # fmt: skip

    def check_described(self, g: list[list[_Token]], pos: int, end: int) -> None:
        """Dates followed by words this grammar does not read must not be passed over: they may
        arrange a day ("2月18日（星期日）值班") that the year file would then miss."""
        r = self.r
        clause = _CLAUSE_END.search(r.mask, pos, end)
        tail = r.mask[pos : clause.start() if clause else end]
        if _DESCRIBES.match(tail):
            return
        first, last = g[0][0], g[-1][1]
        dates = _shorten(r.mask[first.start : last.end].strip(), 60)
        raise r.fail("unread_words", first.start, dates=dates, tail=tail.strip()[:20])

    def check_annotations(self, t: _Token, range_start: _Token | None) -> None:
        r = self.r
        for note in t.annotations:
            hint: int | None = None
            for part in re.split(r"[、,;]", note):
                part = part.strip()
                if not part:
                    continue
                wd = _WEEKDAY_ANN.fullmatch(part)
                if wd:
                    said = wd.group(1).replace("天", "日").replace("七", "日")
                    expected = _WEEKDAYS_ZH.index(said)
                    if expected != t.date.weekday():
                        raise r.fail(
                            "weekday", t.start, day=t.date.isoformat(), part=part,
                            weekday_zh=_weekday(t.date, "zh"), weekday_en=f"{t.date:%A}",
                        )  # fmt: skip
                    continue
                pieces = re.split(r"至|到", part)
                if len(pieces) == 2:
                    if range_start is None:
                        continue
                    first = _lunar_spec(pieces[0], None)
                    hint = first[1] if first and first[0] == "md" else (1 if first else None)
                    second = _lunar_spec(pieces[1], hint)
                    self.check_lunar(range_start, first, pieces[0])
                    self.check_lunar(t, second, pieces[1], at=range_start.start)
                    continue
                spec = _lunar_spec(part, hint)
                if spec and spec[0] == "md":
                    hint = spec[1]
                self.check_lunar(t, spec, part)

    def check_lunar(
        self, t: _Token, spec: tuple[str, int, int] | None, text: str, at: int | None = None
    ) -> None:
        if spec is None or (spec[0] == "md" and not spec[1]):
            return
        expected = _lunar_date(spec, t.date)
        if expected is not None and expected != t.date:
            raise self.r.fail(
                "lunar", t.start if at is None else at, day=t.date.isoformat(),
                festival=text.strip(), expected=expected.isoformat(),
            )  # fmt: skip

    def check_statutory(
        self, kind: NoticeKind
    ) -> tuple[tuple[StatutoryDay, ...], str | None, list[tuple[str, str]]]:
        """Every statutory day of every holiday the notice arranges must be off."""
        warnings: list[tuple[str, str]] = []  # (English, Chinese)
        sd = statutory_days(self.year)
        if sd is None:
            return (
                (),
                None,
                [
                    (
                        f"no version of 《全国年节及纪念日放假办法》 known here covers "
                        f"{self.year}; the statutory days (法定节假日) were not checked",
                        f"没有适用于 {self.year} 年的《全国年节及纪念日放假办法》版本，"
                        "未核对法定节假日",
                    )
                ],
            )
        extended = {e.name for e in self.extensions}
        present: dict[str, list[str]] = {}  # holiday -> names of the notice that include it
        for off, name, _, _ in self.days.values():
            if off and name not in extended:
                for part in _parts(name):
                    present.setdefault(part, [])
                    if name not in present[part]:
                        present[part].append(name)
        if sd.unknown:
            first, last = festival_years()
            skipped = [h for h in sd.unknown if h in present]
            if skipped:
                warnings.append(
                    (
                        f"{self.year} is outside the festival table ({first}-{last}): the "
                        f"statutory days of {'、'.join(skipped)} were not checked",
                        f"{self.year} 年不在节日日期表（{first}—{last} 年）范围内，"
                        f"未核对{'、'.join(skipped)}的法定节假日",
                    )
                )
        checked: list[StatutoryDay] = []
        all_off = [n for names in present.values() for n in names]
        for holiday, days in sd.days.items():
            # A holiday inside another's block ("国庆节：10月1日至8日" holding 中秋) is arranged.
            if holiday not in present and all(self.is_off(d, all_off) for d, _, _ in days):
                checked.extend(StatutoryDay(holiday, *day) for day in days)
        absent = [
            h
            for h in (*sd.days, *sd.unknown)
            if h not in present and not any(c.holiday == h for c in checked)
        ]
        if kind == "annual" and absent:
            warnings.append(
                (
                    f"the text arranges no {'、'.join(absent)}: an excerpt, or an incomplete copy?",
                    f"文本中没有{'、'.join(absent)}的安排：是节选，还是文本不完整？",
                )
            )
        for holiday, days in sd.days.items():
            names = present.get(holiday)
            if not names:
                continue
            for d, label_zh, label_en in days:
                if not self.is_off(d, names):
                    pos = self.first_off[names[0]]
                    raise self.r.fail(
                        "statutory", pos, holiday=holiday, day=d.isoformat(), label_zh=label_zh,
                        label_en=label_en, citation=sd.rules.citation, year=self.year,
                    )  # fmt: skip
                checked.append(StatutoryDay(holiday, d, label_zh, label_en))
        return tuple(checked), sd.rules.citation, warnings

    def is_off(self, d: dt.date, names: list[str]) -> bool:
        """Listed off under one of ``names``, or an unlisted weekend day inside such a break."""
        listed = self.days.get(d) or block_day_off(d, self.days)
        return listed is not None and listed[0] and listed[1] in names


def _holiday_days(year: int) -> dict[str, list[dt.date]]:
    """Days that identify each holiday in ``year``, for naming an item without a heading."""
    out: dict[str, list[dt.date]] = {
        "元旦": [dt.date(year, 1, 1)],
        "劳动节": [dt.date(year, 5, d) for d in (1, 2, 3)],
        "国庆节": [dt.date(year, 10, d) for d in (1, 2, 3)],
    }
    f = festivals(year)
    if f is not None:
        out["春节"] = [f.eve + dt.timedelta(days=k) for k in range(4)]
        out["清明节"] = [f.qingming]
        out["端午节"] = [f.dragon_boat]
        out["中秋节"] = [f.mid_autumn]
    return out
