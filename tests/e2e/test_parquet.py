"""``gov-deadlines check`` on Parquet registers and to Parquet outputs, the real command in a
subprocess on real files (and the writer's row groups, in this process)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.e2e.conftest import COLUMNS_EN, read_csv, write_csv

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ARGS = ["--rule", "ogi.request.reply", "--trigger-col", "received", "--done-col", "replied"]
CASES = [  # received, replied; hand-checked as in tests/answers/deadlines.csv
    (dt.date(2024, 2, 8), dt.date(2024, 3, 13)),  # due 3/13: on time
    (dt.date(2024, 2, 8), dt.date(2024, 3, 14)),  # one working day late
    (dt.date(2024, 2, 8), None),  # not answered yet: pending
    (dt.date(2024, 2, 10), dt.date(2024, 3, 18)),  # a Saturday in 春节: due 3/15, late
]


def register(path: Path, n: int = 1) -> Path:
    """A typed Parquet register: an int id, two date columns (one with nulls), text."""
    rows = CASES * n
    table = pa.table(
        {
            "id": pa.array(range(1, len(rows) + 1), pa.int64()),
            "received": pa.array([r[0] for r in rows], pa.date32()),
            "replied": pa.array([r[1] for r in rows], pa.date32()),
            "note": pa.array([f"案件{i}" for i in range(len(rows))], pa.string()),
        }
    )
    pq.write_table(table, path)
    return path


def test_parquet_in_parquet_out_keeps_types(cli, tmp_path) -> None:
    """The register's columns keep their types; the appended ones are typed."""
    out = tmp_path / "out.parquet"
    r = cli("check", register(tmp_path / "reg.parquet"), *ARGS, "-o", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    t = pq.read_table(out)
    assert t.column_names == ["id", "received", "replied", "note", *COLUMNS_EN]
    types = dict(zip(t.column_names, t.schema.types, strict=True))
    assert types["id"] == pa.int64() and types["received"] == pa.date32()
    assert types["due"] == pa.date32() and types["workdays_late"] == pa.int64()
    assert types["provisional"] == pa.bool_() and types["status"] == pa.string()
    rows = t.to_pylist()
    assert [r["id"] for r in rows] == [1, 2, 3, 4]
    assert [r["due"] for r in rows] == [dt.date(2024, 3, 13)] * 3 + [dt.date(2024, 3, 15)]
    assert [r["status"] for r in rows] == ["on_time", "late", "pending", "late"]
    assert [r["workdays_late"] for r in rows] == [None, 1, None, 1]  # 3/18: Mon after 3/15
    assert [r["days_late"] for r in rows] == [None, 1, None, 3]
    assert rows[2]["replied"] is None and rows[0]["provisional"] is False


def test_parquet_results_equal_the_csv_ones(cli, tmp_path) -> None:
    """A CSV register and the same register as Parquet: the same verdicts, row by row."""
    reg = register(tmp_path / "reg.parquet", n=30)
    text = [["id", "received", "replied", "note"]] + [
        [
            str(r["id"]),
            str(r["received"]),
            "" if r["replied"] is None else str(r["replied"]),
            r["note"],
        ]
        for r in pq.read_table(reg).to_pylist()
    ]
    csv_reg = write_csv(tmp_path / "reg.csv", text)
    assert cli("check", csv_reg, *ARGS, "-o", tmp_path / "a.csv").returncode == 0
    assert cli("check", reg, *ARGS, "-o", tmp_path / "b.parquet").returncode == 0
    assert cli("check", reg, *ARGS, "-o", tmp_path / "c.csv").returncode == 0
    from_csv = read_csv(tmp_path / "a.csv")
    assert read_csv(tmp_path / "c.csv") == from_csv  # Parquet register to CSV: same text
    typed = pq.read_table(tmp_path / "b.parquet").to_pylist()
    for cells, row in zip(from_csv[1:], typed, strict=True):
        as_text = ["" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                   for v in row.values()]  # fmt: skip
        assert as_text == cells


def test_csv_register_to_parquet(cli, tmp_path) -> None:
    """A CSV register's cells stay text in the Parquet output; the results are typed."""
    reg = write_csv(tmp_path / "台账.csv", [["received", "replied"], ["2024-02-08", "2024/3/14"]])
    out = tmp_path / "结果.parquet"
    r = cli("check", reg, *ARGS, "-o", out, "--lang", "en")
    assert r.returncode == 0, r.stderr
    t = pq.read_table(out)
    assert t.schema.field("received").type == pa.string()
    row = t.to_pylist()[0]
    assert row["replied"] == "2024/3/14" and row["due"] == dt.date(2024, 3, 13)
    assert row["workdays_late"] == 1 and row["verdict"] == "late"


def test_parquet_saved_under_csv_is_read_by_its_magic(cli, tmp_path) -> None:
    """A Parquet file named .csv is read as Parquet (its first bytes say so)."""
    reg = register(tmp_path / "reg.parquet")
    disguised = tmp_path / "reg.csv"
    disguised.write_bytes(reg.read_bytes())
    r = cli("check", disguised, *ARGS, "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert r.lines[1].startswith("1,2024-02-08,2024-03-13,")


def test_a_large_register_streams_to_several_row_groups(cli, tmp_path) -> None:
    """250,000 rows: three row groups out, every row in order, typed."""
    reg = register(tmp_path / "reg.parquet", n=62_500)
    out = tmp_path / "out.parquet"
    r = cli("check", reg, *ARGS, "-o", out, "--jobs", "1", timeout=300)
    assert r.returncode == 0, r.stderr
    f = pq.ParquetFile(out)
    assert f.metadata.num_rows == 250_000 and f.metadata.num_row_groups == 3
    ids = pq.read_table(out, columns=["id", "status"])
    assert ids.column("id").to_pylist() == list(range(1, 250_001))
    assert ids.column("status").to_pylist()[:4] == ["on_time", "late", "pending", "late"]


def test_json_lines_on_stdout_from_a_parquet_register(cli, tmp_path) -> None:
    """--json without -o: JSON Lines on stdout, as for any register."""
    r = cli("check", register(tmp_path / "reg.parquet"), *ARGS, "--json", "--lang", "en")
    assert r.returncode == 0
    assert '"status": "on_time"' in r.lines[0] and '"received": "2024-02-08"' in r.lines[0]


def test_parquet_to_a_stream_is_refused() -> None:
    """Parquet needs a file: the writer refuses a stream, saying so."""
    from gov_deadlines.io import RegisterError, open_writer

    with pytest.raises(RegisterError, match="standard output"):
        open_writer(None, ["a"], fmt="parquet")


def test_output_over_the_parquet_register_is_refused(cli, tmp_path) -> None:
    """-o naming the register itself is refused, and the register is left as it was."""
    reg = register(tmp_path / "reg.parquet")
    before = reg.read_bytes()
    r = cli("check", reg, *ARGS, "-o", reg, "--lang", "en")
    assert r.returncode == 2
    assert reg.read_bytes() == before


def test_existing_output_is_replaced_atomically(cli, tmp_path) -> None:
    """As for CSV: an existing output file is replaced whole, no temporary file left."""
    out = tmp_path / "out.parquet"
    out.write_bytes(b"old")
    assert cli("check", register(tmp_path / "reg.parquet"), *ARGS, "-o", out).returncode == 0
    assert pq.read_table(out).num_rows == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet", "reg.parquet"]


def test_a_damaged_parquet_file_is_a_clear_error(cli, tmp_path) -> None:
    """Bytes that are not Parquet: exit status 2, the file named."""
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    r = cli("check", bad, *ARGS, "--lang", "en")
    assert r.returncode == 2
    assert "bad.parquet cannot be read as Parquet" in r.stderr


def test_ragged_rows_cannot_go_to_parquet(cli, tmp_path) -> None:
    """Cells past the header have no column in Parquet: refused, naming CSV/JSONL instead."""
    reg = write_csv(tmp_path / "r.csv", [["received", "replied"], ["2024-02-08", "", "more"]])
    r = cli("check", reg, *ARGS, "-o", tmp_path / "o.parquet", "--lang", "en")
    assert r.returncode == 1
    assert "write CSV or JSON Lines instead" in r.stderr
    assert not (tmp_path / "o.parquet").exists()


def test_without_pyarrow_the_message_names_the_extra(cli, tmp_path) -> None:
    """With pyarrow missing (shadowed here), the error says which extra to install."""
    reg = register(tmp_path / "reg.parquet")
    shadow = tmp_path / "shadow" / "pyarrow"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('no pyarrow here')\n")
    env = cli.env() | {"PYTHONPATH": str(shadow.parent), "LANG": "C.UTF-8"}
    import subprocess

    done = subprocess.run(
        [cli.exe, "check", str(reg), *ARGS, "--lang", "en"],
        capture_output=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "pip install 'gov-deadlines[parquet]'" in done.stderr.decode()


def test_the_writer_writes_a_row_group_at_a_time(tmp_path, monkeypatch) -> None:
    """Rows are held one row group at a time (memory flat), as Arrow batches: 25 rows, groups
    of 10 made of batches of 5."""
    from gov_deadlines.io import open_writer
    from gov_deadlines.io import parquet as parquet_io

    monkeypatch.setattr(parquet_io, "ROW_GROUP_ROWS", 10)
    monkeypatch.setattr(parquet_io, "BATCH_ROWS", 5)
    out = tmp_path / "o.parquet"
    with open_writer(out, ["n", "day"], types=["int", "date"]) as w:
        for i in range(25):
            w.write([i, dt.date(2024, 1, 1) + dt.timedelta(days=i)])
            assert w._parquet.held + len(w._parquet.rows) < 10  # type: ignore[attr-defined]
    f = pq.ParquetFile(out)
    assert f.metadata.num_row_groups == 3
    assert pq.read_table(out).column("n").to_pylist() == list(range(25))
