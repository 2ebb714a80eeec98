"""Policy documents -> clauses with time limits -> draft rules, task registers and review pages.

``extract(text_or_path)`` reads a work plan (政务公开工作要点, 分工方案) and returns an
:class:`Extraction`: every clause with a measurable time limit read into the rule model, the
clauses with none (及时, 定期) listed apart, and the document's metadata; every field a span of the
original text. Outputs: :func:`to_catalog_toml`, :func:`register_rows`, :func:`review_html`.

Not imported by ``import gov_deadlines``; ``gov_deadlines.extract`` and
``gov_deadlines.Extraction`` import it on first use.

>>> import gov_deadlines
>>> gov_deadlines.extract("每年至少召开1次会议。").clauses[0].kind
'frequency'
"""

from __future__ import annotations

from gov_deadlines.extraction.api import extract, extract_file, extract_text
from gov_deadlines.extraction.model import (
    Clause,
    ClauseKind,
    DocumentMeta,
    Extraction,
    Span,
    VagueClause,
)
from gov_deadlines.extraction.outputs import (
    REGISTER_COLUMNS,
    register_rows,
    review_html,
    to_catalog_toml,
    write_register,
)

__all__ = [
    "REGISTER_COLUMNS",
    "Clause",
    "ClauseKind",
    "DocumentMeta",
    "Extraction",
    "Span",
    "VagueClause",
    "extract",
    "extract_file",
    "extract_text",
    "register_rows",
    "review_html",
    "to_catalog_toml",
    "write_register",
]
