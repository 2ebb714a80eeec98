"""gov_deadlines for DuckDB: :func:`register` adds the ``gd_*`` SQL functions and the
``gd_calendar`` and ``gd_rules`` tables to a connection (the ``duckdb`` extra).

The work is done in :mod:`gov_deadlines._duckdb`; this module only re-exports it. (Inside the
package, ``import duckdb`` is an absolute import and always finds the real DuckDB.)

>>> import duckdb
>>> from gov_deadlines.duckdb import register
>>> con = register(duckdb.connect())
>>> con.execute("SELECT gd_due('ogi.request.reply', DATE '2024-02-08')").fetchall()
[(datetime.date(2024, 3, 13),)]
"""

from gov_deadlines._duckdb import FUNCTIONS, SQLFunctionError, register

__all__ = ["FUNCTIONS", "SQLFunctionError", "register"]
