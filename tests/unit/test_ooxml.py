"""The lexical OOXML edits of the XLSX copy (io/_ooxml.py, io/xlsx_copy.py): what they change,
what they leave byte for byte, and what they refuse."""

from __future__ import annotations

import io

import pytest

from gov_deadlines.io._ooxml import (
    Unsupported,
    append_child,
    count_children,
    plain_markup,
    root_prefix,
    set_attr,
)
from gov_deadlines.io.xlsx_copy import _drop_filter_name, _SheetCopy, _tail, letters

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(
    "xml", [b"<a><!-- x --></a>", b"<a><![CDATA[<b>]]></a>", b'<!DOCTYPE a [<!ENTITY e "x">]><a/>',
            b"<a><?pi x?></a>"],
)  # fmt: skip
def test_markup_the_scanner_does_not_read_is_refused(xml: bytes) -> None:
    """Comments, CDATA, a DTD and processing instructions: Unsupported (a plain workbook)."""
    with pytest.raises(Unsupported):
        plain_markup(b'<?xml version="1.0"?>' + xml, "part")


def test_the_xml_declaration_is_fine() -> None:
    """Only the declaration at the start may be a processing instruction."""
    plain_markup(b'<?xml version="1.0" encoding="UTF-8"?>\n<a>x &gt; y</a>', "part")


def test_prefix_and_namespace() -> None:
    """The root's prefix is found; strict OOXML (another namespace) is refused."""
    ns = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    assert root_prefix(b"<x:worksheet " + ns + b"><x:sheetData/></x:worksheet>",
                       b"worksheet", "s") == b"x:"  # fmt: skip
    assert root_prefix(b"<worksheet " + MAIN + b"/>", b"worksheet", "s") == b""
    strict = b'<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>'
    with pytest.raises(Unsupported, match="namespace"):
        root_prefix(strict, b"worksheet", "s")


def test_append_child_to_an_empty_a_missing_and_a_full_container() -> None:
    """<dxfs/> opens up; a missing <dxfs> is made before the next element in schema order;
    count follows the children; every other byte stays."""
    xml = (b'<styleSheet><cellXfs count="1"><xf a=">"/></cellXfs><dxfs count="0"/><colors/>'
           b"</styleSheet>")  # fmt: skip
    assert append_child(xml, b"", b"dxfs", b"<dxf/>", count=True) == (
        b'<styleSheet><cellXfs count="1"><xf a=">"/></cellXfs><dxfs count="1"><dxf/></dxfs>'
        b"<colors/></styleSheet>"
    )
    bare = b"<styleSheet><cellXfs/><colors/></styleSheet>"
    new = append_child(bare, b"", b"dxfs", b"<dxf/>", count=True, before=(b"colors",),
                       root=b"styleSheet")  # fmt: skip
    assert new == b'<styleSheet><cellXfs/><dxfs count="1"><dxf/></dxfs><colors/></styleSheet>'


def test_count_children_counts_the_top_level_only() -> None:
    """Nested elements and self-closing ones are counted once, at their top."""
    assert count_children(b'<xf><alignment/></xf><xf/><x14:xf a="1"><b></b></x14:xf>') == 3


def test_set_attr_replaces_or_adds() -> None:
    """An attribute is replaced where it is, or added at the end."""
    assert set_attr(b' ref="A1:B2" x="1"', b"ref", b"A1:Q9") == b' ref="A1:Q9" x="1"'
    assert set_attr(b' x="1"', b"ref", b"A1") == b' x="1" ref="A1"'


def test_only_this_sheets_filter_name_is_dropped() -> None:
    """_xlnm._FilterDatabase of the register's sheet goes; another sheet's and other names stay."""
    xml = (b'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
           b"'a'!$A$1:$B$2</definedName><definedName name=\"_xlnm._FilterDatabase\" "
           b'localSheetId="1">\'b\'!$A$1</definedName><definedName name="x">1</definedName>'
           b"</definedNames>")  # fmt: skip
    out = _drop_filter_name(xml, b"", 0)
    assert b'localSheetId="0"' not in out and b'localSheetId="1"' in out and b'"x"' in out


def test_tail_puts_filter_and_format_in_schema_order() -> None:
    """autoFilter after sheetProtection and before mergeCells (the old one replaced);
    conditionalFormatting after the existing ones, before dataValidations."""
    tail = (b'</sheetData><sheetProtection/><autoFilter ref="A1:B2"><filterColumn colId="0"/>'
            b"</autoFilter><mergeCells/><conditionalFormatting/><dataValidations/>"
            b"<pageMargins/></worksheet>")  # fmt: skip
    out = _tail(tail, b"", "A2:Q9", b'<conditionalFormatting new="1"/>')
    assert out == (b'</sheetData><sheetProtection/><autoFilter ref="A2:Q9"/><mergeCells/>'
                   b'<conditionalFormatting/><conditionalFormatting new="1"/><dataValidations/>'
                   b"<pageMargins/></worksheet>")  # fmt: skip


def test_rows_are_appended_in_place_made_when_missing_and_copied_otherwise() -> None:
    """Row 1 copied, row 2 appended (spans dropped), row 3 made (a blank line), row 4 a
    self-closing row opened, row 5 copied; whitespace between rows does not matter."""
    sheet = (b"<worksheet " + MAIN + b'><dimension ref="A1:B5"/><sheetData>\r\n'
             b'<row r="1"><c r="A1"><v>1</v></c></row>\r\n'
             b'<row r="2" spans="1:2"><c r="A2"><v>2</v></c><c r="C2" s="4"/></row>\r\n'
             b'<row r="4" ht="20"/>\r\n<row r="5"><c r="A5"><v>5</v></c></row>'
             b"</sheetData><pageMargins/></worksheet>")  # fmt: skip
    out = io.BytesIO()
    copy = _SheetCopy(io.BytesIO(sheet), out, b"", 2)  # results from column C
    copy.head("A1:D5")
    for n in (2, 3, 4):
        copy.row(n, b'<c r="C%d"><v>9</v></c>' % n)
    tail = copy.tail()
    text = out.getvalue()
    assert b'<dimension ref="A1:D5"/>' in text
    assert b'<row r="1"><c r="A1"><v>1</v></c></row>' in text
    assert b'<row r="2"><c r="A2"><v>2</v></c><c r="C2"><v>9</v></c></row>' in text
    assert b'<row r="3"><c r="C3"><v>9</v></c></row><row r="4" ht="20"><c r="C4">' in text
    assert text.endswith(b'<row r="5"><c r="A5"><v>5</v></c></row>')
    assert tail == b"</sheetData><pageMargins/></worksheet>"


def test_column_letters() -> None:
    """0 -> A, 25 -> Z, 26 -> AA, 16383 -> XFD (Excel's last column)."""
    assert [letters(i) for i in (0, 25, 26, 16383)] == ["A", "Z", "AA", "XFD"]


def test_shared_strings_read_as_openpyxl_reads_them() -> None:
    """The fast string table gives openpyxl's strings: plain, rich runs joined, phonetic
    guides left out, _x005F_ unescaped, empty <t/>; a table with a DTD is left to openpyxl."""
    pytest.importorskip("openpyxl")
    from openpyxl.reader.strings import read_string_table

    from gov_deadlines.io._xlsx_fast import _string_table

    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    xml = (b"<sst " + ns + b"><si><t>plain</t></si>"
           b'<si><r><rPr><b/><sz val="11"/></rPr><t>ri</t></r>'
           b'<r><t xml:space="preserve">ch </t></r></si>'
           b"<si><t>\xe4\xb8\x9c\xe4\xba\xac</t><rPh sb=\"0\" eb=\"2\"><t>toukyou</t></rPh>"
           b"<phoneticPr fontId=\"1\"/></si><si><t>a_x005F_x000D_b</t></si><si><t/></si>"
           b"</sst>")  # fmt: skip
    assert _string_table(io.BytesIO(xml)) == read_string_table(io.BytesIO(xml))
    assert _string_table(io.BytesIO(xml)) == ["plain", "rich ", "东京", "a_x000D_b", ""]
    dtd = b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY e "x">]>' + xml
    assert _string_table(io.BytesIO(dtd)) is None
