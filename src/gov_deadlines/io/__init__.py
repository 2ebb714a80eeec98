"""Reading and writing auditors' registers (台账): CSV, XLSX and JSONL, streamed.

The I/O layer knows files, not law: encodings, sheets, quoting, atomic output and cells that are
safe to open in a spreadsheet. The CLI puts the legal meaning on the columns.

>>> from gov_deadlines.io import neutralise, output_format
>>> output_format("结果.csv"), neutralise("=cmd")
('csv', "'=cmd")
"""

from gov_deadlines.io.readers import (
    CSV_EXTENSIONS,
    XLSX_EXTENSIONS,
    Record,
    Register,
    RegisterError,
    detect_encoding,
    open_register,
)
from gov_deadlines.io.writers import (
    OUTPUT_EXTENSIONS,
    Encoder,
    OutputFormat,
    RowWriter,
    neutralise,
    open_writer,
    output_format,
)

__all__ = [
    "CSV_EXTENSIONS",
    "OUTPUT_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "Encoder",
    "OutputFormat",
    "Record",
    "Register",
    "RegisterError",
    "RowWriter",
    "detect_encoding",
    "neutralise",
    "open_register",
    "open_writer",
    "output_format",
]
