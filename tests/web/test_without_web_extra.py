"""The CLI of a plain ``pip install hemicycle``: the web extra's modules are not importable.

Each command runs in a subprocess whose ``sitecustomize`` puts a finder first on
``sys.meta_path`` that refuses argon2, FastAPI, Starlette, uvicorn, python-multipart and
pydantic-settings, as if they were not installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BLOCKER = """
import sys

BLOCKED = {"argon2", "fastapi", "starlette", "uvicorn", "multipart", "python_multipart",
           "pydantic_settings"}


class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NotInstalled())
"""

RUN_CLI = "import sys; from hemicycle.cli.app import main; sys.argv[0] = 'hemicycle'; main()"
HINT = "pip install 'hemicycle[web]'"


@pytest.fixture(scope="module")
def plain_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose interpreter cannot import the web extra."""
    site = tmp_path_factory.mktemp("plain-install")
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return env


def _hemicycle(
    env: dict[str, str], *args: str, stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_the_blocker_hides_the_web_extra(plain_env: dict[str, str]) -> None:
    for module in ("argon2", "fastapi", "uvicorn"):
        probe = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            capture_output=True,
            text=True,
            env=plain_env,
            timeout=60,
            check=False,
        )
        assert probe.returncode == 1
        assert "ModuleNotFoundError" in probe.stderr


def test_apportion_runs_without_the_web_extra(plain_env: dict[str, str]) -> None:
    helped = _hemicycle(plain_env, "apportion", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "--seats" in helped.stdout
    votes = "name,votes\nA,700\nB,300\n"
    done = _hemicycle(plain_env, "apportion", "-", "--seats", "5", "--format", "json", stdin=votes)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["seats"] == {"A": 4, "B": 1}


def test_report_runs_without_the_web_extra(plain_env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "v.html"
    done = _hemicycle(
        plain_env, "report", "-", "--seats", "5", "-o", str(target), stdin="name,votes\nA,100\n"
    )
    assert done.returncode == 0, done.stderr
    assert "<svg" in target.read_text(encoding="utf-8")


def test_web_commands_say_which_extra_to_install(plain_env: dict[str, str], tmp_path: Path) -> None:
    db = str(tmp_path / "h.duckdb")
    served = _hemicycle(plain_env, "serve", "--db", db, cwd=tmp_path)
    assert served.returncode == 1
    assert HINT in served.stderr
    assert "Traceback" not in served.stderr
    added = _hemicycle(
        {**plain_env, "HEMICYCLE_TEST_PASSWORD": "a long enough password"},
        "users",
        "add",
        "ada",
        "--role",
        "admin",
        "--password-env",
        "HEMICYCLE_TEST_PASSWORD",
        "--db",
        db,
    )
    assert added.returncode == 1
    assert f"argon2-cffi is not installed; accounts and the web app need the web extra: {HINT}" in (
        added.stderr
    )
    listed = _hemicycle(plain_env, "users", "list", "--db", db, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {"users": []}
