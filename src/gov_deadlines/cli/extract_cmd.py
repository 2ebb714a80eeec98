"""``gov-deadlines rules extract DOC...``: deadline clauses of work plans -> a draft rule catalog
(TOML), a task register (CSV/XLSX), a review page (HTML) or JSON.

The format follows each ``-o`` file's extension (``--format`` for standard output); ``-o`` may be
given several times to write several outputs from one reading. The draft catalog is validated
with the project's own loader before it is written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gov_deadlines.cli.files import write_atomic
from gov_deadlines.cli.text import os_error
from gov_deadlines.cli.usage import UsageError

if TYPE_CHECKING:
    from gov_deadlines.cli.context import Context
    from gov_deadlines.extraction import Extraction

__all__ = ["FORMATS", "add_arguments", "cmd_extract", "extraction_json"]

#: Output formats, by name and by file extension.
FORMATS = ("toml", "csv", "xlsx", "html", "json")
_EXT = {".toml": "toml", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html",
        ".json": "json", ".jsonl": "json"}  # fmt: skip


def _say(key: str, lang: str, **fields: object) -> str:
    from gov_deadlines.messages import text

    return text(f"extract.{key}", lang, **fields)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``rules extract`` to ``parser`` (help texts in help.toml)."""
    parser.add_argument("documents", nargs="+", metavar="DOC",
                        help="help.rules_extract.documents")  # fmt: skip
    parser.add_argument("-o", "--output", action="append", default=[], metavar="FILE",
                        help="help.rules_extract.output")  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, help="help.rules_extract.format")
    parser.add_argument("--no-vague", action="store_true", help="help.rules_extract.no_vague")
    parser.add_argument("--year", type=int, metavar="YYYY", help="help.rules_extract.year")


def _format(path: str | None, given: str | None, lang: str) -> str:
    if path is None or path == "-":
        return given or "toml"
    fmt = _EXT.get(Path(path).suffix.lower())
    if fmt is None:
        if given:
            return given
        raise UsageError(_say("cli.bad_format", lang, path=path))
    return fmt


def extraction_json(ex: Extraction) -> dict[str, Any]:
    """An extraction as JSON-ready data: every span as ``{"start", "end", "text"}``."""
    import attrs

    def value(v: Any) -> Any:
        if attrs.has(type(v)):
            return {k: value(x) for k, x in attrs.asdict(v, recurse=False).items()}
        if isinstance(v, tuple | list):
            return [value(x) for x in v]
        if type(v).__name__ in ("Period", "date"):
            return str(v)
        return v

    out = {k: value(v) for k, v in attrs.asdict(ex, recurse=False).items() if k != "text"}
    out["characters"] = len(ex.text)
    return out


def _validate(toml_text: str, lang: str) -> None:
    from gov_deadlines.errors import RuleDataError
    from gov_deadlines.rules import Catalog

    fd, tmp = tempfile.mkstemp(suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(toml_text)
        Catalog.default("").with_file(tmp)  # ids must not clash with the built-in rules either
    except RuleDataError as exc:
        raise UsageError(_say("cli.invalid_catalog", lang, error=exc.message(lang))) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _render(fmt: str, extractions: list[Extraction], args: argparse.Namespace,
            lang: str) -> str | bytes | list[tuple[str, str]]:  # fmt: skip
    from gov_deadlines.extraction import register_rows, review_html, to_catalog_toml

    if fmt == "toml":
        text = "\n".join(to_catalog_toml(ex) for ex in extractions)
        _validate(text, lang)
        return text
    if fmt == "json":
        lines = [json.dumps(extraction_json(ex), ensure_ascii=False) for ex in extractions]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        return [(ex.source, review_html(ex, lang=lang)) for ex in extractions]
    rows = register_rows(extractions, lang=lang, vague=not args.no_vague)
    if fmt == "csv":
        from gov_deadlines.extraction.outputs import _buffer_csv

        return _buffer_csv(rows)
    return _xlsx_bytes(rows, lang)


def _xlsx_bytes(rows: list[list[str]], lang: str) -> bytes:
    from gov_deadlines.extraction import write_register

    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise UsageError(_say("cli.no_xlsx", lang)) from None
    fd, tmp = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        write_register(rows, tmp)
        return Path(tmp).read_bytes()
    finally:
        Path(tmp).unlink(missing_ok=True)


def cmd_extract(ctx: Context, args: argparse.Namespace) -> int:
    """Read every document and write each output asked for; the counts (and the clauses the
    text does not fully give: no trigger, no obligation) on stderr. Exit status 0."""
    import attrs

    from gov_deadlines.extraction import extract_file

    lang = ctx.lang
    if not args.documents:
        raise UsageError(_say("cli.no_input", lang))
    extractions = []
    for doc in args.documents:
        try:
            ex = extract_file(doc)
        except (OSError, ImportError, ValueError) as exc:
            reason = os_error(exc, lang) if isinstance(exc, OSError) else str(exc)
            raise UsageError(_say("cli.unreadable", lang, path=doc, reason=reason)) from None
        if args.year:
            ex = attrs.evolve(ex, meta=attrs.evolve(ex.meta, year=args.year))
        extractions.append(ex)
    outputs = args.output or ["-"]
    plans = [(out, _format(out, args.format if out == "-" or len(outputs) == 1 else None,
                           lang)) for out in outputs]  # fmt: skip
    if ctx.json and outputs == ["-"] and not args.format:
        plans = [("-", "json")]
    for out, fmt in plans:
        data = _render(fmt, extractions, args, lang)
        if isinstance(data, list):  # review pages: one per document
            for source, page in data:
                if out == "-":
                    sys.stdout.write(page)
                    continue
                path = Path(out)
                if len(data) > 1:
                    path = path.with_name(f"{path.stem}-{Path(source).stem}{path.suffix}")
                write_atomic(path, page, lang)
                print(_say("cli.written", lang, path=path), file=sys.stderr)
        elif out == "-":
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data)
        else:
            write_atomic(Path(out), data, lang)
            print(_say("cli.written", lang, path=out), file=sys.stderr)
    for ex in extractions:
        for w in ex.warnings:
            print(_say("cli.warning", lang, message=w), file=sys.stderr)
        missing = sum(1 for c in ex.clauses if c.missing and c.missing != ("units",))
        print(_say("cli.summary", lang, source=ex.source, clauses=len(ex.clauses),
                   vague=len(ex.vague), missing=missing), file=sys.stderr)  # fmt: skip
    return 0
