"""Columns in and out: numpy, pandas, Arrow, polars (or scalars) to day numbers and back.

A column is read into :class:`Column` -- int64 values (numpy day numbers for dates) and a null
mask -- and remembers its :class:`Shape`, which turns results back into the caller's kind: a
numpy array, a pandas Series with its index and name, an Arrow array, a polars Series. pandas
and polars are never imported unless the caller passed one of theirs (duck typing by module).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gov_deadlines.calendar.day import china_date
from gov_deadlines.errors import InvalidArgument

__all__ = ["Column", "Shape", "broadcast", "read_dates", "read_ints"]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]
NAT = np.iinfo(np.int64).min
_EIGHT_HOURS_NS = 8 * 3600 * 10**9


@dataclass(frozen=True, slots=True)
class Shape:
    """How results go back: ``kind`` is scalar, numpy, pandas, arrow, chunked or polars."""

    kind: str
    index: Any = None  # pandas: the index; polars: unused
    name: Any = None
    arrow_backed: bool = False  # a pandas Series with an Arrow dtype

    def dates(self, days: I64, nulls: Mask | None) -> Any:
        if self.kind == "scalar":
            return None if _null0(nulls) else dt.date.fromordinal(int(days[0]) + 719163)
        if self.kind == "numpy" or (self.kind == "pandas" and not self.arrow_backed):
            out = days.copy() if nulls is not None else days
            if nulls is not None:
                out[nulls] = NAT
            return self._wrap_numpy(out.view("datetime64[D]"))
        pa = _lib("pyarrow")

        days32 = days.astype(np.int32)
        return self._wrap_arrow(pa.array(days32, mask=nulls).view(pa.date32()))

    def ints(self, values: I64, nulls: Mask | None) -> Any:
        if self.kind == "scalar":
            return None if _null0(nulls) else int(values[0])
        if self.kind == "numpy":
            return values if nulls is None else np.ma.MaskedArray(values, mask=nulls)
        if self.kind == "pandas" and not self.arrow_backed:
            pd = _lib("pandas")

            data = values if nulls is None else pd.arrays.IntegerArray(values, nulls)
            return self._wrap_numpy(data)
        pa = _lib("pyarrow")

        return self._wrap_arrow(pa.array(values, mask=nulls))

    def bools(self, values: Mask, nulls: Mask | None) -> Any:
        if self.kind == "scalar":
            return None if _null0(nulls) else bool(values[0])
        if self.kind == "numpy":
            return values if nulls is None else np.ma.MaskedArray(values, mask=nulls)
        if self.kind == "pandas" and not self.arrow_backed:
            pd = _lib("pandas")

            data = values if nulls is None else pd.arrays.BooleanArray(values, nulls)
            return self._wrap_numpy(data)
        pa = _lib("pyarrow")

        return self._wrap_arrow(pa.array(values, mask=nulls))

    def labels(
        self, codes: NDArray[np.integer[Any]], names: tuple[str, ...], nulls: Mask | None
    ) -> Any:
        """Strings chosen by code (day kinds, statuses); a null where ``nulls``."""
        if self.kind == "scalar":
            return None if _null0(nulls) else names[int(codes[0])]
        if self.kind == "numpy":
            out = np.asarray(names, dtype=object)[codes]
            if nulls is not None:
                out[nulls] = None
            return out
        if self.kind == "pandas" and not self.arrow_backed:
            pd = _lib("pandas")

            c = codes if nulls is None else np.where(nulls, -1, codes)
            return self._wrap_numpy(pd.Categorical.from_codes(c, categories=list(names)))
        pa = _lib("pyarrow")

        idx = pa.array(codes, mask=nulls)
        strings = pa.DictionaryArray.from_arrays(idx, pa.array(names)).cast(pa.string())
        return self._wrap_arrow(strings)

    def _wrap_numpy(self, data: Any) -> Any:
        if self.kind == "pandas":
            pd = _lib("pandas")

            return pd.Series(data, index=self.index, name=self.name)
        return data

    def _wrap_arrow(self, array: Any) -> Any:
        if self.kind == "pandas":
            pd = _lib("pandas")

            dtype = pd.ArrowDtype(array.type)
            return pd.Series(array, dtype=dtype, index=self.index, name=self.name)
        if self.kind == "chunked":
            pa = _lib("pyarrow")

            return pa.chunked_array([array])
        if self.kind == "polars":
            pl = _lib("polars")

            return pl.Series(self.name, array)
        return array


SCALAR = Shape("scalar")


@dataclass(frozen=True, slots=True)
class Column:
    """int64 values (days or counts), nulls (None: none) and the shape they came in."""

    values: I64
    nulls: Mask | None
    shape: Shape

    @property
    def scalar(self) -> bool:
        return self.shape.kind == "scalar"


def _lib(name: str) -> Any:
    """An optional library, imported when a column of its kind is seen (untyped: Any)."""
    return importlib.import_module(name)


def _null0(nulls: Mask | None) -> bool:
    return nulls is not None and bool(nulls[0])


def _module(x: object) -> str:
    return type(x).__module__.split(".")[0]


def read_dates(x: object, name: str) -> Column:
    """A date column (or one date) as numpy day numbers; datetimes give their date in China
    (aware ones converted to UTC+8, as the scalar library reads them)."""
    if x is None or isinstance(x, dt.date):
        if x is None:
            return Column(np.zeros(1, dtype=np.int64), np.array([True]), SCALAR)
        day = china_date(x, name).toordinal() - 719163
        return Column(np.array([day], dtype=np.int64), None, SCALAR)
    if isinstance(x, np.datetime64):
        return _from_numpy(np.array([x]), name, SCALAR)
    mod = _module(x)
    if mod == "pandas":
        return _from_pandas(x, name, dates=True)
    if mod == "pyarrow":
        return _from_arrow(x, name, dates=True)
    if mod == "polars":
        col = _from_arrow(x.to_arrow(), name, dates=True)  # type: ignore[attr-defined]
        return Column(col.values, col.nulls, Shape("polars", name=x.name))  # type: ignore[attr-defined]
    return _from_numpy(np.asarray(x), name, Shape("numpy"))


def read_ints(x: object, name: str) -> Column:
    """A whole-number column (or one int) as int64 values and nulls; floats and bools are
    refused, as the scalar ``add_workdays`` refuses them."""
    if x is None:
        return Column(np.zeros(1, dtype=np.int64), np.array([True]), SCALAR)
    if isinstance(x, int | np.integer) and not isinstance(x, bool | np.bool_):
        return Column(np.array([int(x)], dtype=np.int64), None, SCALAR)
    mod = _module(x)
    if mod == "pandas":
        return _from_pandas(x, name, dates=False)
    if mod == "pyarrow":
        return _from_arrow(x, name, dates=False)
    if mod == "polars":
        col = _from_arrow(x.to_arrow(), name, dates=False)  # type: ignore[attr-defined]
        return Column(col.values, col.nulls, Shape("polars", name=x.name))  # type: ignore[attr-defined]
    a = np.asarray(x)
    if a.dtype.kind not in "iu":
        raise _wrong(name, "whole numbers (an integer array)", a.dtype)
    return Column(a.astype(np.int64, copy=False).reshape(-1), None, Shape("numpy"))


def _wrong(name: str, expected: str, got: object) -> InvalidArgument:
    return InvalidArgument(f"{name} must be {expected}, got {got}")


def _from_numpy(a: NDArray[Any], name: str, shape: Shape) -> Column:
    if a.dtype.kind == "O":  # Python dates (and None): one conversion each, as given
        days = [None if v is None else china_date(v, name).toordinal() - 719163 for v in a.flat]
        nulls = np.array([v is None for v in days], dtype=bool)
        vals = np.array([0 if v is None else v for v in days], dtype=np.int64)
        return Column(vals, nulls if nulls.any() else None, shape)
    if a.dtype.kind != "M":
        raise _wrong(name, "dates (numpy datetime64)", a.dtype)
    # datetime64 casts floor to the day; NaT stays NaT (the smallest int64).
    v = a.reshape(-1).astype("datetime64[D]", copy=False).view(np.int64)
    return _nat_nulls(v, shape)


def _nat_nulls(v: I64, shape: Shape) -> Column:
    nulls = v == NAT
    if not nulls.any():
        return Column(v, None, shape)
    return Column(np.where(nulls, 0, v), nulls, shape)


def _from_pandas(s: Any, name: str, *, dates: bool) -> Column:
    pd = _lib("pandas")

    if isinstance(s.dtype, pd.ArrowDtype):
        pa = _lib("pyarrow")

        col = _from_arrow(pa.array(s), name, dates=dates)
        return Column(col.values, col.nulls, Shape("pandas", s.index, s.name, arrow_backed=True))
    shape = Shape("pandas", s.index, s.name)
    if not dates:
        if s.dtype.kind not in "iu" and str(s.dtype) not in ("Int64", "Int32", "Int16", "Int8"):
            raise _wrong(name, "whole numbers (an integer Series)", s.dtype)
        nulls = s.isna().to_numpy()
        vals = s.to_numpy(dtype=np.int64, na_value=0) if nulls.any() else s.to_numpy(np.int64)
        return Column(vals, nulls if nulls.any() else None, shape)
    tz = getattr(s.dtype, "tz", None)
    if tz is not None:  # a moment: its day in China time
        s = s.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    return _from_numpy(s.to_numpy(), name, shape)


def _from_arrow(x: Any, name: str, *, dates: bool) -> Column:
    pa = _lib("pyarrow")
    pc = _lib("pyarrow.compute")

    shape = Shape("chunked" if isinstance(x, pa.ChunkedArray) else "arrow")
    if isinstance(x, pa.ChunkedArray):
        x = x.combine_chunks()
    t = x.type
    if dates:
        if pa.types.is_timestamp(t):
            if t.tz is not None:  # a moment: its day in China time (UTC+8, no DST since 1991)
                eight = pa.scalar(_EIGHT_HOURS_NS, pa.duration("ns"))
                x = pc.add(x.cast(pa.timestamp("ns")), eight)
            x = x.cast(pa.timestamp(t.unit)).cast(pa.date32())
        elif pa.types.is_date64(t):
            x = x.cast(pa.date32())
        elif not pa.types.is_date32(t):
            raise _wrong(name, "dates (Arrow date32, date64 or timestamp)", t)
        vals = x.view(pa.int32()).to_numpy(zero_copy_only=False)
    else:
        if not pa.types.is_integer(t):
            raise _wrong(name, "whole numbers (an Arrow integer array)", t)
        vals = x.to_numpy(zero_copy_only=False)
    if x.null_count:
        nulls = x.is_null().to_numpy(zero_copy_only=False)
        vals = np.where(nulls, 0, vals).astype(np.int64)
        return Column(vals, nulls, shape)
    return Column(vals.astype(np.int64), None, shape)


def broadcast(*cols: Column) -> tuple[Shape, int, list[Column]]:
    """The result's shape (the first longest column that is not a scalar), its length, and
    every column at that length: single values and one-element columns repeat, as numpy
    broadcasts them, without copying."""
    n = max((c.values.size for c in cols if not c.scalar), default=1)
    shape = next((c.shape for c in cols if not c.scalar and c.values.size == n), SCALAR)
    out = []
    for c in cols:
        if c.values.size == n:
            out.append(c)
        elif c.values.size == 1:
            nulls = None if c.nulls is None else np.broadcast_to(c.nulls, (n,))
            out.append(Column(np.broadcast_to(c.values, (n,)), nulls, c.shape))
        else:
            raise InvalidArgument(
                f"columns must have the same length (or be single values): got {n} and "
                f"{c.values.size}"
            )
    return shape, n, out


def nulls_of(n: int, *cols: Column) -> Mask | None:
    """Rows where any column is null (None: no null anywhere)."""
    found = [c.nulls for c in cols if c.nulls is not None]
    if not found:
        return None
    out = np.zeros(n, dtype=bool)
    for m in found:
        out |= m
    return out if out.any() else None
