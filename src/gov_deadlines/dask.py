"""gov_deadlines for Dask: :func:`check` appends verdict columns to a Dask DataFrame, the
calendar shipped once per worker; :func:`check_partition` is the same for one pandas frame (the
function of Spark's ``mapInPandas``). The ``dask`` extra.

The work is done in :mod:`gov_deadlines._dask`; this module only re-exports it. (Inside the
package, ``import dask`` is an absolute import and always finds the real Dask.)

>>> import pandas as pd
>>> from gov_deadlines.dask import check_partition
>>> df = pd.DataFrame({"t": pd.to_datetime(["2024-02-08"])})
>>> check_partition(df, rule="ogi.request.reply", trigger="t")["due"].tolist()
[Timestamp('2024-03-13 00:00:00')]
"""

from gov_deadlines._dask import FIELDS, check, check_partition

__all__ = ["FIELDS", "check", "check_partition"]
