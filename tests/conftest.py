"""Shared test set-up: hypothesis profiles and the path to ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI never flakes: derandomized, no per-example deadline. Locally: HYPOTHESIS_PROFILE=thorough.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", deadline=None, max_examples=5000)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the project root; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED}: differential data unavailable")
    return SHARED


@pytest.fixture(autouse=True)
def _no_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees a data directory set in the environment of whoever runs the suite
    (GOV_DEADLINES_DATA); a test that wants one sets it."""
    monkeypatch.delenv("GOV_DEADLINES_DATA", raising=False)
