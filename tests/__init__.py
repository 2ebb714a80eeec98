"""Tests of gov_deadlines (a package so that ``tests.property.strategies`` is importable)."""
