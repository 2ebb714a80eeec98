"""Loading a document as text: plain text (UTF-8 or GBK), HTML, .docx and PDF.

The text returned is the document's *original* for the extraction: every span indexes into it.
HTML is read with the standard library's parser (scripts, styles and navigation dropped, block
elements on lines of their own); .docx with zipfile and the XML parser (paragraphs and table
cells, one per line); PDF with pypdf's text layer when the ``extract`` extra is installed.

>>> decode("政务公开".encode("gbk"))
('政务公开', 'gb18030')
"""

from __future__ import annotations

import html.parser
import io
import os
import re
import zipfile
from pathlib import Path

__all__ = ["decode", "docx_text", "html_text", "load", "pdf_text"]

_BLOCK = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
    "article", "td", "th", "dd", "dt", "ul", "ol", "blockquote", "pre", "hr", "title",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "iframe", "svg", "button",
         "select", "form"}  # fmt: skip
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def decode(data: bytes) -> tuple[str, str]:
    """Bytes as text: UTF-8 (with or without a byte order mark), else GB18030 (GBK's superset,
    as WPS and Chinese Windows save), else UTF-16 with a byte order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8 (with errors replaced)"


class _HTMLText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_text(markup: str) -> str:
    """The visible text of an HTML page, a line per block element."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n", text).strip() + "\n"


def _html_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx (table cells included, each on a line), in document order."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    root = ElementTree.fromstring(xml)
    lines = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines) + "\n"


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF (pypdf, the ``extract`` extra); pages separated by a blank line."""
    try:
        import pypdf
    except ImportError:
        raise ImportError("reading PDF needs pypdf: pip install 'gov-deadlines[extract]'") from None
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n\n".join(page.extract_text() or "" for page in reader.pages) + "\n"


def load(path: str | os.PathLike[str]) -> tuple[str, list[str]]:
    """A document's text and warnings, by its content (and its name's extension)."""
    p = Path(os.fspath(path))
    data = p.read_bytes()
    ext = p.suffix.lower()
    warnings: list[str] = []
    if data.startswith(b"PK\x03\x04") and ext != ".txt":
        return docx_text(data), warnings
    if data.startswith(b"%PDF"):
        text = pdf_text(data)
        if not text.strip():
            warnings.append(f"{p.name}: the PDF has no text layer (a scan?); nothing to read")
        return text, warnings
    head = data[:2048].lstrip().lower()
    if ext in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        charset = _html_charset(data)
        try:
            markup = data.decode(charset) if charset else decode(data)[0]
        except (LookupError, UnicodeDecodeError):
            markup = decode(data)[0]
        return html_text(markup), warnings
    text, encoding = decode(data)
    if "errors replaced" in encoding:
        warnings.append(f"{p.name}: neither UTF-8 nor GBK; undecodable bytes replaced")
    return text, warnings
