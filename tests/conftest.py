"""Shared fixtures: the reference data folder beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference import SHARED_DATA


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return SHARED_DATA
