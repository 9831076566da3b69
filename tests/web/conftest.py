"""A web app over a temporary database with one account per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import PASSWORD, ROLES

from hemicycle.io import accounts
from hemicycle.web.app import create_app
from hemicycle.web.services import open_database
from hemicycle.web.settings import Settings

_LOAD_FIGURES: list[str] = []


@pytest.fixture
def load_figures() -> list[str]:
    """Lines the load test reports; printed in pytest's terminal summary."""
    return _LOAD_FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The load test's requests per second and p99 latency, shown without ``-s``."""
    for line in _LOAD_FIGURES:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Argon2 at its cheapest: the tests check the logic, not the cost of guessing."""
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    previous = accounts.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    if previous is not None:
        accounts.use_password_hasher(previous)


@pytest.fixture(scope="module")
def database_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    db = open_database(path)
    for role in ROLES:
        accounts.add_user(db, role, role, PASSWORD, actor="setup")
    db.close()
    return path


@pytest.fixture(scope="module")
def app_client(database_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=database_path, max_upload_bytes=64 * 1024, login_attempts=3)
    with TestClient(create_app(settings)) as client:
        yield client
