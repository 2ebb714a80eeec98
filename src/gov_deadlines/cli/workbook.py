"""The words of the summary sheet (汇总) that ``check`` adds to an XLSX output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gov_deadlines.cli.text import COLUMNS, t
from gov_deadlines.explain import status_word

if TYPE_CHECKING:
    from gov_deadlines.io.xlsx_copy import SummarySpec

__all__ = ["summary_spec"]

#: Widths of the appended columns in an XLSX output (Excel's units, about one Latin character):
#: due, status, verdict, the three counts, provisional, rule, citation, explanation, error,
#: calendar.
WIDTHS = (12.0, 10.0, 12.0, 10.0, 10.0, 10.0, 10.0, 20.0, 40.0, 50.0, 30.0, 14.0)

#: The statuses the summary counts, in the order of the summary sheet.
STATUSES = ("on_time", "late", "pending", "overdue", "too_short", "invalid", "skipped")


def summary_spec(lang: str) -> SummarySpec:
    """The summary sheet's name, headings and labels in ``lang``; the sheet is named 汇总 in
    Chinese and Summary in English (a free name such as ``汇总 2`` if the workbook has one).

    >>> summary_spec("zh").sheet, summary_spec("en").rows[1]
    ('汇总', SummaryRow(label='late', status='late'))
    """
    from gov_deadlines.io.xlsx_copy import SummaryRow, SummarySpec

    rows = tuple(
        SummaryRow(t("skipped", lang) if s == "skipped" else status_word(s, lang), s)
        for s in STATUSES
    )
    return SummarySpec(
        sheet=t("xlsx_summary_sheet", lang),
        headings=(
            t("xlsx_summary_verdict", lang),
            t("xlsx_summary_status", lang),
            t("xlsx_summary_rows", lang),
        ),
        rows=rows,
        total=t("xlsx_summary_total", lang),
        errors=t("xlsx_summary_errors", lang),
        rate=t("xlsx_summary_rate", lang),
        status_offset=COLUMNS["en"].index("status"),
        appended=len(COLUMNS["en"]),
        widths=WIDTHS,
    )
