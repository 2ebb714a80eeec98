"""Spark: the mapInPandas recipe of docs/scale.md, run on a local Spark session.

Runs where pyspark and a Java runtime are installed (pyspark is not in any extra: it is large
and brings its own JVM side); otherwise skips saying which is missing. The session is local
(``local[2]``, bound to 127.0.0.1, no UI) and stopped at the end of the module.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import warnings
from typing import Any

import pytest

pyspark = pytest.importorskip(
    "pyspark", reason="pyspark is not installed (pip install pyspark; it needs Java 17+)"
)
pd = pytest.importorskip("pandas")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (java not on PATH, JAVA_HOME unset)", allow_module_level=True)

from gov_deadlines import (  # noqa: E402 -- after the skips
    GovDeadlinesError,
    ProvisionalDataWarning,
    check,
)
from gov_deadlines.dask import check_partition  # noqa: E402

# pyspark 4.3 warns that pandas 3 is "not yet fully supported"; the recipe's answers are checked.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support:FutureWarning")

RULE = "ogi.request.reply"
AS_OF = dt.date(2025, 3, 31)

# The recipe, as docs/scale.md shows it.
SCHEMA = (
    "`编号` string, `收到日期` date, `答复日期` date, due date, status string, "
    "workdays_late bigint, days_late bigint, workdays_left bigint, provisional boolean, "
    "error string"
)


def verdicts(batches: Any) -> Any:
    """mapInPandas' function: every Arrow batch of the partition, verdict columns appended."""
    for pdf in batches:
        yield check_partition(pdf, rule=RULE, trigger="收到日期", done="答复日期", as_of=AS_OF)


@pytest.fixture(scope="module")
def spark() -> Any:
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        session = (
            SparkSession.builder.master("local[2]")
            .appName("gov_deadlines-test")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
            .getOrCreate()
        )
    except Exception as exc:  # a JVM that will not start: say so, do not fail the suite
        pytest.skip(f"Spark could not start here: {exc}")
    yield session
    session.stop()


def rows(n: int) -> list[tuple[Any, ...]]:
    """Cases every few days 2019-2025, replies 0-40 days later, every seventh missing."""
    out = []
    for i in range(n):
        t = dt.date(2019, 1, 1) + dt.timedelta(days=(i * 3) % 2300)
        done = None if i % 7 == 0 else t + dt.timedelta(days=i % 41)
        out.append((f"R{i:05d}", None if i % 97 == 0 else t, done))
    return out


def test_map_in_pandas_equals_check(spark: Any) -> None:
    """2,000 rows in 4 partitions of 500-row batches: check() row by row, nothing lost."""
    data = rows(2000)
    sdf = spark.createDataFrame(data, "`编号` string, `收到日期` date, `答复日期` date")
    sdf = sdf.repartition(4)
    got = {r["编号"]: r for r in sdf.mapInPandas(verdicts, SCHEMA).collect()}
    assert len(got) == len(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalDataWarning)
        for key, t, done in data:
            r = got[key]
            if t is None:
                assert r["status"] is None and r["due"] is None
                continue
            try:
                v = check(RULE, t, done, AS_OF)
            except GovDeadlinesError as exc:
                assert r["error"] == exc.message("zh")
                continue
            assert (r["due"], r["status"], r["workdays_late"], r["days_late"],
                    r["workdays_left"], r["provisional"]) == (
                v.due, v.status, v.workdays_late, v.days_late, v.workdays_left, v.provisional,
            )  # fmt: skip
