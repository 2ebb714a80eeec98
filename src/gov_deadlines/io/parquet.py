"""Parquet registers in and out (the ``parquet`` extra: pyarrow, imported only here).

Reading streams record batches: each record's cells are the Python values of its columns
(``datetime.date`` for date32, ``int``, ``str``, ``None`` for nulls...), so dates need no parsing.
Writing buffers one row group at a time: memory stays flat however long the register is. The
columns keep their types: a Parquet register's own columns as they were, other registers'
columns as text, and each appended column in the type the caller names (``"date"`` -> date32,
``"int"`` -> int64, ``"bool"``, ``"string"``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from gov_deadlines.errors import RegisterError

__all__ = ["PARQUET_EXTENSIONS", "PARQUET_MAGIC", "ParquetWriter", "open_parquet"]

#: Extensions read (and written) as Parquet.
PARQUET_EXTENSIONS = (".parquet", ".pq")
#: The first (and last) four bytes of every Parquet file.
PARQUET_MAGIC = b"PAR1"
#: Rows per record batch read, and per row group written.
BATCH_ROWS = 20_000
ROW_GROUP_ROWS = 100_000


def _pyarrow(name: str, code: str) -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]  # loaded for pa.parquet
    except ImportError:
        raise RegisterError.coded(code, name=name) from None
    return pa


def open_parquet(path: Path, header_row: int | None = None) -> Any:
    """A :class:`~gov_deadlines.io.readers.Register` over a Parquet file: the header is the
    schema's column names; ``arrow_types`` holds their types for an output that keeps them."""
    from gov_deadlines.io.readers import Register

    pa = _pyarrow(path.name, "io.needs_pyarrow")
    if header_row not in (None, 1):
        raise RegisterError.coded("io.parquet.header_row", name=path.name, value=header_row)
    try:
        pf = pa.parquet.ParquetFile(path)
        schema = pf.schema_arrow
    except Exception as exc:  # not Parquet after all, or damaged
        raise RegisterError.coded(
            "io.parquet.unreadable", name=path.name, kind=type(exc).__name__, detail=str(exc)
        ) from exc
    total = max(1, pf.metadata.num_rows)
    read = [0]

    def rows() -> Iterator[tuple[int, list[object]]]:
        line = 1  # the header is line 1 of the register, as in a CSV file
        try:
            for batch in pf.iter_batches(batch_size=BATCH_ROWS):
                columns = [column.to_pylist() for column in batch.columns]
                read[0] += batch.num_rows
                for cells in zip(*columns, strict=True):
                    line += 1
                    yield line, list(cells)
        except RegisterError:
            raise
        except Exception as exc:
            raise RegisterError.coded(
                "io.parquet.unreadable", name=path.name, kind=type(exc).__name__, detail=str(exc)
            ) from exc

    reg = Register(
        path.name,
        [str(n) for n in schema.names],
        rows(),
        on_close=pf.close if hasattr(pf, "close") else None,
        fraction=lambda: min(1.0, read[0] / total),
    )
    reg.arrow_types = list(schema.types)  # type: ignore[attr-defined]
    return reg


def _text(value: object) -> str | None:
    """A cell of a text column: what the CSV output writes, None for an empty cell."""
    if value is None:
        return None
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ParquetWriter:
    """Rows to a Parquet file, a row group at a time, each column in its type."""

    def __init__(
        self, header: Sequence[str], types: Sequence[object] | None, binary: Any, label: str
    ) -> None:
        pa = _pyarrow(label, "io.output.needs_pyarrow")
        self.pa = pa
        self.label = label
        names = {"date": pa.date32(), "int": pa.int64(), "bool": pa.bool_(), "string": None}
        fields, self.text = [], []
        for i, name in enumerate(header):
            wanted = types[i] if types is not None and i < len(types) else None
            t = names.get(wanted, wanted) if isinstance(wanted, str) else wanted
            self.text.append(t is None)
            fields.append(pa.field(name, pa.string() if t is None else t))
        self.schema = pa.schema(fields)
        self.width = len(header)
        self.rows: list[Sequence[object]] = []  # rows not yet made columns
        self.batches: list[Any] = []  # Arrow record batches of the row group being filled
        self.held = 0  # rows in them
        self.writer = pa.parquet.ParquetWriter(binary, self.schema)

    def add(self, cells: Sequence[object]) -> None:
        if len(cells) > self.width and any(v not in (None, "") for v in cells[self.width :]):
            raise RegisterError.coded("io.output.parquet_extra", name=self.label, n=len(cells))
        self.rows.append(cells)
        if len(self.rows) >= BATCH_ROWS:  # Python rows become compact Arrow columns
            self._batch()
            if self.held >= ROW_GROUP_ROWS:
                self.flush()

    def flush(self) -> None:
        """Write the rows held as one row group."""
        self._batch()
        if self.batches:
            table = self.pa.Table.from_batches(self.batches, schema=self.schema)
            self.batches, self.held = [], 0
            self.writer.write_table(table, row_group_size=table.num_rows)

    def _batch(self) -> None:
        if not self.rows:
            return
        pa, rows, self.rows = self.pa, self.rows, []
        arrays = []
        for j, field in enumerate(self.schema):
            values: list[Any] = [cells[j] if j < len(cells) else None for cells in rows]
            if self.text[j]:
                values = [v if type(v) is str else _text(v) for v in values]
            else:
                values = [None if v == "" else v for v in values]  # a ragged row's padding
                if pa.types.is_date32(field.type) and any(
                    isinstance(v, dt.datetime) for v in values
                ):  # a moment in a date column: its time would be lost
                    moment = next(v for v in values if isinstance(v, dt.datetime))
                    raise RegisterError.coded(
                        "io.output.parquet_cell", name=self.label, col=field.name,
                        type=str(field.type), value=repr(moment),
                    )  # fmt: skip
            try:
                arrays.append(pa.array(values, type=field.type))
            except Exception as exc:  # a value the column's type cannot hold
                bad = next((v for v in values if not _fits(pa, v, field.type)), None)
                raise RegisterError.coded(
                    "io.output.parquet_cell", name=self.label, col=field.name,
                    type=str(field.type), value=repr(bad),
                ) from exc  # fmt: skip
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        self.held += len(rows)

    def close(self) -> None:
        self.flush()
        self.writer.close()

    def discard(self) -> None:
        self.rows, self.batches = [], []
        with contextlib.suppress(Exception):  # the file is removed anyway
            self.writer.close()


def _fits(pa: Any, value: object, t: Any) -> bool:
    if pa.types.is_date32(t) and isinstance(value, dt.datetime):
        return False  # a moment in a date column: its time would be lost
    try:
        pa.array([value], type=t)
    except Exception:
        return False
    return True
