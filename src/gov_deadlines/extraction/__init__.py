"""Policy documents -> clauses with time limits -> draft rules, task registers and review pages.

``extract(text_or_path)`` reads a work plan (政务公开工作要点, 分工方案) and returns an
:class:`Extraction`: every clause with a measurable time limit read into the rule model, the
clauses with none (及时, 定期) listed apart, and the document's metadata; every field a span of the
original text. Outputs: :func:`to_catalog_toml`, :func:`register_rows`, :func:`review_html`.

Not imported by ``import gov_deadlines``: ``from gov_deadlines.extract import extract``. The
module itself is callable as :func:`extract`, so ``gov_deadlines.extract(text_or_path)`` works
whether ``gov_deadlines.extract`` names this package (as Python makes it once the package is
imported) or the function.

>>> import gov_deadlines.extract
>>> gov_deadlines.extract("每年至少召开1次会议。").clauses[0].kind
'frequency'
"""

from __future__ import annotations

import os
import sys
import types

from gov_deadlines.extract.api import extract, extract_file, extract_text
from gov_deadlines.extract.model import (
    Clause,
    ClauseKind,
    DocumentMeta,
    Extraction,
    Span,
    VagueClause,
)
from gov_deadlines.extract.outputs import (
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


class _CallableModule(types.ModuleType):
    """This package, callable as :func:`extract`."""

    def __call__(self, source: str | os.PathLike[str], *, name: str | None = None) -> Extraction:
        return extract(source, name=name)


sys.modules[__name__].__class__ = _CallableModule
