"""Small, lexical edits of Office Open XML parts (workbook.xml, styles.xml, relationships).

Why lexical and not ElementTree: re-serialising a part through ElementTree renames every
namespace prefix (``ns0:``), which breaks ``mc:Ignorable="x14ac"`` and the like, and Excel then
reports the file as damaged. Edits here insert or replace whole elements and leave every other
byte as it was.

Why this is safe in XML: ``<`` never appears raw in character data or attribute values (it must
be written ``&lt;``), so every ``<`` starts markup. The only markup these regular expressions do
not understand -- comments, CDATA sections, processing instructions, a DTD -- is refused by
:func:`plain_markup` before any edit, and the caller falls back to a plain workbook. Start tags
are matched attribute by attribute (:data:`ATTRS`), so a ``>`` inside a quoted value is not
taken for the tag's end.

>>> xml = b'<a xmlns="m"><b count="1"><c/></b></a>'
>>> append_child(xml, b"", b"b", b"<c/>", count=True)
b'<a xmlns="m"><b count="2"><c/><c/></b></a>'
"""

from __future__ import annotations

import re

#: The attributes of a start tag, each ``name="value"`` or ``name='value'``.
ATTRS = rb"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Unsupported(Exception):
    """A workbook this module does not edit; the caller writes a plain workbook instead.

    ``code`` says why in a word the CLI renders for the user: ``markup``, ``namespace``,
    ``macro``, ``encoding``, ``references``, ``size`` or ``structure``; the message adds where.
    """

    def __init__(self, detail: str, code: str = "structure") -> None:
        super().__init__(detail)
        self.code = code


def plain_markup(xml: bytes, what: str) -> None:
    """Refuse markup the lexical edits do not understand (see the module docstring)."""
    body = xml[xml.find(b"?>") + 2 :] if xml.lstrip().startswith(b"<?xml") else xml
    if b"<!" in body or b"<?" in body:
        raise Unsupported(
            f"{what} holds a comment, CDATA section, DTD or processing instruction", "markup"
        )


def root_prefix(xml: bytes, name: bytes, what: str) -> bytes:
    """The prefix (``b""`` or ``b"x:"``) of the root element ``name``, which must be in the
    SpreadsheetML main namespace (strict OOXML and others are refused)."""
    m = re.search(rb"<([A-Za-z_][\w.-]*:)?" + name + b"(" + ATTRS + rb")/?>", xml)
    if m is None:
        raise Unsupported(f"{what}: no <{name.decode()}> element")
    prefix = m[1] or b""
    declared = b"xmlns" + (b":" + prefix[:-1] if prefix else b"")
    if not re.search(re.escape(declared) + rb"""\s*=\s*["']""" + re.escape(MAIN_NS), m[2]):
        raise Unsupported(f"{what}: not in the SpreadsheetML (transitional) namespace", "namespace")
    return prefix


def start_tag(prefix: bytes, name: bytes) -> re.Pattern[bytes]:
    """A start tag ``<p:name ...>`` or ``<p:name .../>``: group 1 the attributes, 2 the ``/``."""
    return re.compile(b"<" + re.escape(prefix + name) + b"(" + ATTRS + rb")(/?)>")


def attr(attrs: bytes, name: bytes) -> bytes | None:
    """The value of attribute ``name`` in a start tag's attribute text, or None."""
    m = re.search(rb"(?:^|\s)" + re.escape(name) + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""", attrs)
    return None if m is None else (m[1] if m[1] is not None else m[2])


def set_attr(attrs: bytes, name: bytes, value: bytes) -> bytes:
    """The attribute text with ``name`` set to ``value`` (added if absent)."""
    pattern = rb"(^|\s)" + re.escape(name) + rb"""\s*=\s*(?:"[^"]*"|'[^']*')"""
    new, n = re.subn(pattern, lambda m: m[1] + name + b'="' + value + b'"', attrs, count=1)
    return new if n else attrs.rstrip() + b" " + name + b'="' + value + b'"'


def element(xml: bytes, prefix: bytes, name: bytes) -> tuple[int, int, int] | None:
    """The first element ``name``: (start, end of its content, end); for an empty element
    ``<x/>`` the content's end and the element's end are both the end of the tag."""
    m = start_tag(prefix, name).search(xml)
    if m is None:
        return None
    if m[2]:
        return m.start(), m.end(), m.end()
    close = b"</" + prefix + name + b">"
    end = xml.find(close, m.end())
    if end < 0:
        raise Unsupported(f"<{name.decode()}> is not closed")
    return m.start(), end, end + len(close)


def append_child(
    xml: bytes,
    prefix: bytes,
    container: bytes,
    child: bytes,
    *,
    count: bool = False,
    before: tuple[bytes, ...] = (),
    root: bytes = b"",
) -> bytes:
    """``xml`` with ``child`` appended to the first ``container`` element, which is made if
    missing -- before the first of the ``before`` elements, else before the end of ``root``.
    ``count=True`` updates the container's ``count`` attribute to its number of children."""
    found = element(xml, prefix, container)
    if found is None:
        at = _position(xml, prefix, before, root)
        new = b"<" + prefix + container + b"></" + prefix + container + b">"  # filled below
        xml = xml[:at] + new + xml[at:]
        found = element(xml, prefix, container)
        assert found is not None
    start, content_end, end = found
    m = start_tag(prefix, container).match(xml, start)
    assert m is not None
    attrs, inner = m[1], xml[m.end() : content_end]
    inner += child
    if count:
        attrs = set_attr(attrs, b"count", str(count_children(inner)).encode())
    close = b"</" + prefix + container + b">"
    return xml[:start] + b"<" + prefix + container + attrs + b">" + inner + close + xml[end:]


def _position(xml: bytes, prefix: bytes, before: tuple[bytes, ...], root: bytes) -> int:
    for name in before:
        m = start_tag(prefix, name).search(xml)
        if m is not None:
            return m.start()
    at = xml.rfind(b"</" + prefix + root + b">")
    if at < 0:
        raise Unsupported(f"no end of <{root.decode()}>")
    return at


def count_children(inner: bytes) -> int:
    """The number of child elements at the top of ``inner`` (an element's content)."""
    depth = n = 0
    for m in re.finditer(rb"<(/?)[\w.:-]+(" + ATTRS + rb")(/?)>", inner):
        if m[1]:
            depth -= 1
        else:
            n += depth == 0
            depth += not m[3]
    return n


def escape(text: str) -> bytes:
    """Text for XML character data or a double-quoted attribute value, UTF-8."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .encode("utf-8")
    )


def letters(col: int) -> str:
    """Column letters for a 0-based index: 0 -> A, 27 -> AB."""
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name
