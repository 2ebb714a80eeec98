"""Reading an old Excel 97-2003 register (``.xls``) with python-calamine (the ``xlsx`` extra).

A ``.xls`` sheet holds at most 65,536 rows, so reading it whole is bounded (a few MB). Cells come
out as they do from an ``.xlsx`` register: whole numbers as ``int``, dates as ``date`` (a
date-time at midnight) or ``datetime``, empty cells as ``None``; cells merged over several rows
are read as the merged value in each row, listed in ``Register.merged``. A ``.xls`` file stores
every formula's last value, so there are no formulas without one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gov_deadlines.errors import RegisterError

__all__ = ["open_xls"]


def open_xls(path: Path, sheet: str | None, header_row: int | None, wanted: list[str]) -> Any:
    """A :class:`~gov_deadlines.io.readers.Register` over a ``.xls`` workbook's sheet (default:
    the first worksheet); see :func:`~gov_deadlines.io.readers.open_register`."""
    from gov_deadlines.io.readers import Register, _detail, _header, _preamble, _xlsx_rows

    ws, title = _sheet(path, sheet)
    label = f"{path.name} [{title}]"
    try:
        values = ws.to_python(skip_empty_area=False)  # from A1, so row numbers stay right
        spans = list(ws.merged_cell_ranges or [])
    except Exception as exc:  # calamine's errors on a damaged sheet
        raise RegisterError.coded("io.xls.sheet_unreadable", label=label, **_detail(exc)) from exc
    merges = [(top + 1, bottom + 1, left, right) for (top, left), (bottom, right) in spans
              if bottom > top]  # fmt: skip
    merged: dict[int, list[tuple[int, str]]] = {}
    rows = _xlsx_rows(_cells(values), label, merges, merged)
    preamble, first, rows = _preamble(rows, header_row, wanted)
    if first is None:
        raise RegisterError.coded("io.sheet.empty", label=label, n=header_row or 1)
    if not any(_header(first[1])):
        raise RegisterError.coded("io.sheet.no_names", label=label, row=first[0])
    for m in [m for m in merges if m[0] <= first[0]]:  # a merged title fills nothing
        merges.remove(m)
    return Register(label, _header(first[1]), rows, sheet=title, preamble=preamble, merged=merged)


def _sheet(path: Path, sheet: str | None) -> tuple[Any, str]:
    from gov_deadlines.io.readers import _detail, unknown_sheet

    try:
        import python_calamine
    except ImportError:
        raise RegisterError.coded("io.needs_calamine", name=path.name) from None
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        names = [m.name for m in wb.sheets_metadata
                 if m.typ == python_calamine.SheetTypeEnum.WorkSheet]  # fmt: skip
    except Exception as exc:
        raise RegisterError.coded("io.xls.unreadable", name=path.name, **_detail(exc)) from exc
    if sheet is None:
        if not names:
            raise RegisterError.coded("io.sheet.none", name=path.name)
        sheet = names[0]
    elif sheet not in names:
        raise unknown_sheet(path.name, sheet, names)
    try:
        return wb.get_sheet_by_name(sheet), sheet
    except Exception as exc:
        raise RegisterError.coded(
            "io.xls.sheet_open", name=path.name, sheet=sheet, detail=str(exc)
        ) from exc


def _cells(values: list[list[Any]]) -> Iterator[tuple[object, ...]]:
    """Rows as the XLSX reader gives them: ``None`` for an empty cell, whole floats as int."""
    for row in values:
        yield tuple(
            None
            if v == "" and isinstance(v, str)
            else int(v)
            if type(v) is float and v.is_integer() and abs(v) < 2**53
            else v
            for v in row
        )
