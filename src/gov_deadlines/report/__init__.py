"""The audit report (审计报告附件): result records of a batch check -> one self-contained HTML
page with the summary, groups, violations with calendar pictures, and error rows.

Needs the ``report`` extra (Jinja2): ``pip install "gov-deadlines[report]"``.

>>> from gov_deadlines.report import render_report
>>> html = render_report([{"status": "late", "workdays_late": 1, "error": ""}], lang="zh")
>>> "按期率" in html
True
"""

from gov_deadlines.report._records import ReportInputError, Summary, normalise, summarise
from gov_deadlines.report._render import MAX_PICTURES, MissingExtra, render_report, words
from gov_deadlines.report.picture import Picture, count_days, picture

__all__ = [
    "MAX_PICTURES",
    "MissingExtra",
    "Picture",
    "ReportInputError",
    "Summary",
    "count_days",
    "normalise",
    "picture",
    "render_report",
    "summarise",
    "words",
]
