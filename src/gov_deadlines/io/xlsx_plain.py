"""The office extras of a plain XLSX output (a CSV or .xls register, or a workbook the copy does
not handle): the same autofilter, late/overdue highlight and summary sheet (汇总) as the copy of
an XLSX register (:mod:`gov_deadlines.io.xlsx_copy`), added through openpyxl's write-only
workbook just before it is saved. Cheap: a few cells and two settings, whatever the row count.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from gov_deadlines.io._ooxml import letters
from gov_deadlines.io.xlsx_copy import SummarySpec, summary_lines

__all__ = ["decorate"]


def decorate(
    wb: Any, ws: Any, spec: SummarySpec, width: int, header_line: int, counts: Counter[str]
) -> None:
    """Add the extras to write-only ``ws`` (rows from ``header_line`` + 1, ``width`` columns
    of which the last ``spec.appended`` are the results) and a summary sheet to ``wb``."""
    from openpyxl.formatting.rule import Rule  # type: ignore[import-untyped]
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.styles.differential import DifferentialStyle  # type: ignore[import-untyped]

    rows = sum(counts.values())
    last = header_line + rows
    end = letters(width - 1)
    status = letters(width - spec.appended + spec.status_offset)
    ws.auto_filter.ref = f"A{header_line}:{end}{last}"
    if rows:
        look = DifferentialStyle(font=Font(color="FF9C0006"), fill=PatternFill(bgColor="FFFFC7CE"))
        test = f'OR(${status}{header_line + 1}="late",${status}{header_line + 1}="overdue")'
        rule = Rule(type="expression", dxf=look, formula=[test])
        ws.conditional_formatting.add(f"A{header_line + 1}:{end}{last}", rule)
    rng = f"'{ws.title}'!${status}${header_line + 1}:${status}${max(last, header_line + 1)}"
    _summary(wb, spec, summary_lines(spec, rng, counts, rows))


def _summary(wb: Any, spec: SummarySpec, lines: list[list[tuple[str | None, object]]]) -> None:
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    sheet = wb.create_sheet(spec.sheet)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 12
    for line in lines:
        cells = []
        for formula, value in line:
            cell = WriteOnlyCell(sheet, "=" + formula if formula else value)
            if isinstance(value, float) or (formula and formula.startswith("IF(")):
                cell.number_format = "0.00%"
            cells.append(cell)
        sheet.append(cells)
