"""Shared fixtures: the reference data folder beside the project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def load_reference(name: str) -> Any:
    """A reference file from ../shared/data, or skip when the folder is absent."""
    path = SHARED_DATA / name
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return SHARED_DATA
