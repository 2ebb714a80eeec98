"""Property-based tests (hypothesis); the shared strategies live in ``strategies.py``."""
