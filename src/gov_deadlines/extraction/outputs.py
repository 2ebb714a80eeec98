"""An extraction written out: a draft rule catalog (TOML), a task register (CSV/XLSX) and a review
page (HTML). Words of the outputs are in the message catalog (``messages/data/extract.toml``).

>>> from gov_deadlines.extraction import extract_text
>>> ex = extract_text("各部门要在本通知下发15个工作日内制定实施方案。")
>>> print(to_catalog_toml(ex).split("[[rule]]")[1].split("[[rule.citation]]")[0].strip())
id = "plan.text.c01"
title_zh = "制定实施方案"
title_en = "Clause 1 of <text>: deadline 15wd"
kind = "deadline"
period = "15wd"
# 起算事件 trigger: 本通知下发
# 责任单位 units: 各部门
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

from gov_deadlines._version import __version__
from gov_deadlines.extraction.model import Clause, Extraction, Span, VagueClause
from gov_deadlines.io.writers import neutralise
from gov_deadlines.messages import pick
from gov_deadlines.messages import text as msg

__all__ = [
    "REGISTER_COLUMNS",
    "register_rows",
    "review_html",
    "rule_id",
    "to_catalog_toml",
    "write_register",
]

#: The register's columns, by language (the zh names are the ones the issue asks for).
REGISTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "zh": ("序号", "文件", "章节", "原文", "事项", "责任单位", "期限类型", "期限", "起算事件",
           "起算日期", "规则编号", "截止日期", "完成日期", "备注"),
    "en": ("no", "document", "section", "quote", "obligation", "units", "kind", "limit",
           "trigger", "trigger_date", "rule", "due", "done", "notes"),
}  # fmt: skip
_RULE_KIND = {
    "deadline": "deadline", "hours": "deadline", "window": "window",
    "before_event": "before_event", "fixed_date": "fixed_date", "recurring": "recurring",
    "dated_task": "fixed_date",
}  # fmt: skip


def _slug(ex: Extraction) -> str:
    stem = Path(ex.source).stem if ex.source != "<text>" else "text"
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")
    if not slug or not re.search(r"[A-Za-z0-9]", slug):
        slug = f"doc{zlib.crc32(ex.source.encode('utf-8')):08x}"
    if not slug[0].isalpha():
        slug = "d" + slug
    return slug


def rule_id(ex: Extraction, clause: Clause) -> str | None:
    """The draft rule id of a clause (``plan.<document>.c<number>``); None for a frequency,
    which no rule kind holds."""
    if clause.kind not in _RULE_KIND:
        return None
    return f"plan.{_slug(ex)}.c{clause.number:02d}"


def _s(value: str) -> str:
    # A JSON string is a TOML basic string (its escapes are TOML's).
    return json.dumps(value, ensure_ascii=False)


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _units_text(lead: Sequence[Span], units: Sequence[Span], lang: str) -> str:
    sep = msg("words.sep.enum", lang)
    names = [msg("extract.lead_mark", lang, unit=_one_line(u.text)) for u in lead]
    names += [_one_line(u.text) for u in units]
    return sep.join(names)


def _doc_name(ex: Extraction) -> str:
    return _one_line(ex.meta.title.text) if ex.meta.title else ex.source


def to_catalog_toml(ex: Extraction) -> str:
    """A draft rule catalog: one ``[[rule]]`` per deadline, window, before-event, fixed-date,
    recurring and dated clause, its quote and the document as its citation; what the reviewer
    must decide (missing trigger, ambiguous month, frequencies with no rule kind) as comments.
    ``Catalog.from_file`` loads and validates it."""
    doc = _doc_name(ex)
    lines = [
        f"# Draft rule catalog extracted from {ex.source} by gov-deadlines rules extract.",
        "# Every rule is a reading of the text: check it against the quote before use.",
        f"# 文件 document: {doc}",
    ]
    m = ex.meta
    for label, span in (("发布机构 issuer", m.issuer), ("文号 number", m.number),
                        ("日期 date", m.date)):  # fmt: skip
        if span is not None:
            lines.append(f"# {label}: {_one_line(span.text)}")
    lines.append("")
    for c in ex.clauses:
        rid = rule_id(ex, c)
        section = " > ".join(_one_line(s.text) for s in c.section)
        if rid is None:
            lines += [
                f"# Clause {c.number} ({c.kind}, {_one_line(c.limit.text)}) is not a rule: "
                "no rule kind counts times per period. Quote:",
                f"#   {_one_line(c.quote)}",
                "",
            ]
            continue
        title = _one_line(c.obligation.text) if c.obligation else _one_line(c.quote)
        if len(title) > 40:
            title = title[:39] + "…"
        period = f" {c.period}" if c.period else ""
        lines += [
            "[[rule]]",
            f"id = {_s(rid)}",
            f"title_zh = {_s(title)}",
            f"title_en = {_s(f'Clause {c.number} of {ex.source}: {c.kind}{period}')}",
            f"kind = {_s(_RULE_KIND[c.kind])}",
        ]
        if c.period is not None:
            lines.append(f"period = {_s(str(c.period))}")
        if c.schedule is not None:
            s = c.schedule
            month = "" if s.month is None else f", month = {s.month}"
            lines.append(f'schedule = {{ every = "{s.every}"{month}, day = {s.day} }}')
        if c.kind == "dated_task" and c.year:
            lines += [f"effective_from = {c.year}-01-01", f"effective_until = {c.year}-12-31"]
        if c.trigger is not None:
            lines.append(f"# 起算事件 trigger: {_one_line(c.trigger.text)}")
        if c.lead or c.units:
            lines.append(f"# 责任单位 units: {_units_text(c.lead, c.units, 'zh')}")
        if c.missing:
            lines.append(f"# missing (not in the text): {', '.join(c.missing)}")
        lines += [f"# note: {n.text(lang='zh')} / {n.text(lang='en')}" for n in c.notes]
        lines += ["", "[[rule.citation]]", f"law = {_s(doc)}"]
        if m.number is not None:
            lines.append(f"document = {_s(_one_line(m.number.text))}")
        lines.append(f"quote = {_s(_one_line(c.quote))}")
        where = f"{section}; " if section else ""
        lines += [
            f"note = {_s(f'{where}characters {c.span.start}-{c.span.end} of {ex.source}')}",
            "",
        ]
    if ex.vague:
        lines.append("# No measurable deadline (never made rules):")
        lines += [f"#   [{v.marker.text}] {_one_line(v.quote)}" for v in ex.vague]
    return "\n".join(lines) + "\n"


def _missing(fields: Sequence[str], lang: str) -> str:
    sep = msg("words.sep.enum", lang)
    return msg("extract.missing", lang, what=sep.join(msg(f"extract.field.{f}", lang)
                                                     for f in fields))  # fmt: skip


def _row_clause(ex: Extraction, c: Clause, lang: str, no: int) -> list[str]:
    due = c.due(ex.year)
    notes = [n.text(lang) for n in c.notes]
    if c.missing:
        notes.append(_missing(c.missing, lang))
    if c.kind == "frequency" and c.count is not None:
        notes.append(msg("extract.frequency", lang, count=c.count, period=str(c.period)))
    return [
        str(no),
        ex.source,
        " > ".join(_one_line(s.text) for s in c.section),
        _one_line(c.quote),
        _one_line(c.obligation.text) if c.obligation else "",
        _units_text(c.lead, c.units, lang),
        msg(f"extract.kind.{c.kind}", lang),
        _one_line(c.limit.text),
        _one_line(c.trigger.text) if c.trigger else "",
        "",
        rule_id(ex, c) or "",
        due.isoformat() if due else "",
        "",
        "; ".join(notes),
    ]


def _row_vague(ex: Extraction, v: VagueClause, lang: str, no: int) -> list[str]:
    return [
        str(no), ex.source, " > ".join(_one_line(s.text) for s in v.section),
        _one_line(v.quote), "",
        _units_text((), v.units, lang), msg("extract.kind.vague", lang), _one_line(v.marker.text),
        "", "", "", "", "", msg("extract.vague_note", lang),
    ]  # fmt: skip


def register_rows(
    extractions: Sequence[Extraction], *, lang: str = "zh", vague: bool = True
) -> list[list[str]]:
    """The task register: a header row, then one row per clause in document order (the ones
    with no measurable deadline too, unless ``vague=False``)."""
    rows: list[list[str]] = [list(pick(lang, REGISTER_COLUMNS["zh"], REGISTER_COLUMNS["en"]))]
    for ex in extractions:
        items: list[tuple[int, Clause | VagueClause]] = [(c.span.start, c) for c in ex.clauses]
        if vague:
            items += [(v.span.start, v) for v in ex.vague]
        items.sort(key=lambda p: p[0])
        for _, item in items:
            no = len(rows)
            if isinstance(item, Clause):
                rows.append(_row_clause(ex, item, lang, no))
            else:
                rows.append(_row_vague(ex, item, lang, no))
    return rows


def write_register(rows: Sequence[Sequence[str]], path: str | os.PathLike[str]) -> None:
    """Write the register as ``.xlsx`` (openpyxl, the ``xlsx`` extra) or CSV (UTF-8 with the
    byte order mark Excel needs), by the path's extension; written whole, then renamed."""
    p = Path(os.fspath(path))
    tmp = p.with_name(f".{p.name}.tmp")
    try:
        if p.suffix.lower() == ".xlsx":
            _write_xlsx(rows, tmp)
        else:
            with tmp.open("w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f).writerows([[neutralise(c) for c in row] for row in rows])
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)


def _write_xlsx(rows: Sequence[Sequence[str]], path: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务台账"
    for row in rows:
        ws.append([neutralise(c) for c in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = {"原文": 60, "quote": 60, "章节": 30, "section": 30, "责任单位": 24, "units": 24}
    for i, name in enumerate(rows[0], 1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = widths.get(name, 14)
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    with path.open("wb") as f:
        wb.save(f)


_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header{padding:12px 20px;background:#f4f4f4;border-bottom:1px solid #ccc}
main{display:flex;gap:0}
#doc{flex:1 1 50%;padding:16px 20px;white-space:pre-wrap;line-height:1.8;
 border-right:1px solid #ddd}
#list{flex:1 1 50%;padding:16px 20px;overflow:auto}
mark.clause{background:#ffe08a;padding:0 1px}
mark.clause.missing{background:#ffc2b3}
mark.vague{background:#d9ecff}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
tr:target,mark:target{outline:3px solid #d33}
.warn{color:#a40}
"""


def _marks(ex: Extraction) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    for c in ex.clauses:
        cls = "clause missing" if c.missing else "clause"
        spans.append((c.span.start, c.span.end, cls, f"clause-{c.number}"))
    for v in ex.vague:
        spans.append((v.span.start, v.span.end, "vague", f"vague-{v.number}"))
    spans.sort()
    placed: list[tuple[int, int, str, str]] = []
    end = -1
    for a, b, cls, ident in spans:
        if a >= end:
            placed.append((a, b, cls, ident))
            end = b
        else:  # overlaps the one before (two limits in one sentence): mark where it is free
            a2 = max(a, end)
            if a2 < b:
                placed.append((a2, b, cls, ident))
                end = b
    return placed


def review_html(ex: Extraction, *, lang: str = "zh") -> str:
    """A review page: the document with each clause highlighted (``mark.clause``, id
    ``clause-N``; ``mark.vague`` for no measurable deadline) and its reading beside it."""
    e = html.escape
    body: list[str] = []
    pos = 0
    for a, b, cls, ident in _marks(ex):
        body.append(e(ex.text[pos:a]))
        body.append(f'<mark class="{cls}" id="{ident}" data-id="{ident}">{e(ex.text[a:b])}</mark>')
        pos = b
    body.append(e(ex.text[pos:]))
    head = [msg("extract.html.field", lang, name=msg("extract.html.document", lang),
                value=e(_doc_name(ex)))]  # fmt: skip
    m = ex.meta
    for key, span in (("issuer", m.issuer), ("number", m.number), ("date", m.date)):
        if span is not None:
            head.append(msg("extract.html.field", lang, name=msg(f"extract.html.{key}", lang),
                            value=e(_one_line(span.text))))  # fmt: skip
    cols = [
        msg(f"extract.html.col.{k}", lang)
        for k in (
            "no",
            "kind",
            "limit",
            "trigger",
            "obligation",
            "units",
            "section",
            "rule",
            "notes",
        )
    ]
    rows = []
    for c in ex.clauses:
        notes = [n.text(lang) for n in c.notes]
        notes += [_missing(c.missing, lang)] if c.missing else []
        cells = [
            f'<a href="#clause-{c.number}">{c.number}</a>',
            e(msg(f"extract.kind.{c.kind}", lang)),
            e(_one_line(c.limit.text)),
            e(_one_line(c.trigger.text)) if c.trigger else "",
            e(_one_line(c.obligation.text)) if c.obligation else "",
            e(_units_text(c.lead, c.units, lang)),
            e(" > ".join(_one_line(s.text) for s in c.section)),
            e(rule_id(ex, c) or ""),
            e("; ".join(notes)),
        ]
        rows.append(f'<tr id="row-clause-{c.number}">' + "".join(f"<td>{x}</td>" for x in cells)
                    + "</tr>")  # fmt: skip
    vrows = [
        f'<tr id="row-vague-{v.number}"><td><a href="#vague-{v.number}">{v.number}</a></td>'
        f"<td>{e(v.marker.text)}</td><td>{e(_one_line(v.quote))}</td></tr>"
        for v in ex.vague
    ]
    warnings = "".join(f'<p class="warn">{e(w)}</p>' for w in ex.warnings)
    title = e(msg("extract.html.title", lang, document=_doc_name(ex)))
    summary = msg("extract.html.summary", lang, clauses=len(ex.clauses), vague=len(ex.vague))
    return (
        f'<!DOCTYPE html>\n<html lang="{msg("report.html_lang", lang)}"><head>'
        f'<meta charset="utf-8"><title>{title}</title><style>{_CSS}</style></head><body>'
        f"<header><h1>{title}</h1><p>{' · '.join(head)}</p><p>{e(summary)}</p>{warnings}</header>"
        f'<main><div id="doc">{"".join(body)}</div><div id="list">'
        f"<h2>{e(msg('extract.html.clauses', lang))}</h2>"
        f'<table id="clauses"><thead><tr>{"".join(f"<th>{e(c)}</th>" for c in cols)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<h2>{e(msg('extract.html.vague', lang))}</h2>"
        f'<table id="vague"><tbody>{"".join(vrows)}</tbody></table>'
        f"<p><small>{e(msg('extract.html.generated', lang, version=__version__))}"
        "</small></p></div></main></body></html>\n"
    )


def _buffer_csv(rows: Sequence[Sequence[str]]) -> str:
    """The register as CSV text (for stdout)."""
    out = io.StringIO()
    csv.writer(out).writerows([[neutralise(c) for c in row] for row in rows])
    return out.getvalue()
