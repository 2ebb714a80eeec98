"""Unit tests: hand-checked examples, error cases and differential checks."""
