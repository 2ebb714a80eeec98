"""openpyxl's read-only workbook, with its shared strings read faster.

openpyxl builds a rich-text object (fonts and all) for every shared string before a single row
is read: 115,000 strings written by LibreOffice (a font per run) took 30 s. The strings' text is
all a register needs, and reading only that gives the same strings (the text of ``<t>`` and of
each run's ``<t>``, phonetic guides left out, ``_x005F_`` unescaped as openpyxl does) in a
fraction of the time. A string table with a DTD (whose entities ElementTree would expand) is left
to openpyxl.
"""

from __future__ import annotations

from typing import IO, Any

__all__ = ["load_read_only"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SI, _T, _R = _NS + "si", _NS + "t", _NS + "r"


def load_read_only(path: Any) -> Any:
    """``openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)``."""
    import openpyxl  # type: ignore[import-untyped]

    try:
        from openpyxl.reader.excel import ExcelReader  # type: ignore[import-untyped]
        from openpyxl.xml.constants import SHARED_STRINGS  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - another openpyxl
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)

    class _Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is None:
                return
            with self.archive.open(part.PartName[1:]) as src:
                strings = _string_table(src)
            if strings is None:
                super().read_strings()
            else:
                self.shared_strings = strings

    reader = _Reader(path, read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


def _string_table(src: IO[bytes]) -> list[str] | None:
    """The text of every ``<si>``, or None for a part with a DTD."""
    from xml.etree.ElementTree import iterparse

    head = src.read(1 << 16)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return None
    src.seek(0)  # a zip member can seek back (it reads again from its start)
    strings: list[str] = []
    for _, node in iterparse(src):
        if node.tag != _SI:
            continue
        parts = []
        for child in node:
            if child.tag == _T:
                parts.append(child.text or "")
            elif child.tag == _R:
                t = child.find(_T)
                if t is not None:
                    parts.append(t.text or "")
        strings.append("".join(parts).replace("x005F_", ""))
        node.clear()
    return strings
