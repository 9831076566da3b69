"""Reading the reference data in ../shared/data, which tests use for golden results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def load_reference(name: str) -> Any:
    """A reference file from ../shared/data, or skip when the folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return json.loads((SHARED_DATA / name).read_text(encoding="utf-8"))
