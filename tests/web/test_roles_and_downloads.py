"""Refusals of publication and account removal to the roles without the right, PDF downloads
(printed by Chromium, or 503 with the reason), the API's session and method list."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient
from web_helpers import PASSWORD, QUOTA_RESULTS, VOTES_CSV, csrf_of, login, quota_candidates

from hemicycle.core import METHODS

REFUSED = ("observer", "public", "anonymous")
CHROMIUM = "/usr/bin/chromium"


def as_role(client: TestClient, role: str) -> str:
    if role == "anonymous":
        client.cookies.clear()
        return csrf_of(client)
    return login(client, role)


@pytest.fixture(scope="module")
def drafts(app_client: TestClient) -> tuple[int, int]:
    """An unpublished run and an unpublished outcome, made by the editor."""
    token = login(app_client, "editor")
    headers = {"X-CSRF-Token": token}
    table = app_client.post(
        "/api/tables",
        data={"name": "refusals"},
        files={"file": ("votes.csv", VOTES_CSV, "text/csv")},
        headers=headers,
    )
    assert table.status_code == 201, table.text
    run = app_client.post(
        f"/api/tables/{table.json()['id']}/runs",
        json={"method": "dhondt", "seats": 12},
        headers=headers,
    )
    assert run.status_code == 201, run.text
    election = app_client.post(
        "/import",
        data={"csrf_token": token, "name": "refusals election"},
        files={
            "file": ("results.csv", QUOTA_RESULTS.encode(), "text/csv"),
            "candidates": ("candidates.csv", quota_candidates().encode(), "text/csv"),
        },
        follow_redirects=False,
    )
    assert election.status_code == 303, election.text[-1000:]
    counted = app_client.post(
        election.headers["location"] + "/outcomes",
        data={"csrf_token": token, "preset": "iraq-2023", "partial": "true"},
        follow_redirects=False,
    )
    assert counted.status_code == 303, counted.text[-1000:]
    return int(run.json()["id"]), int(counted.headers["location"].rsplit("/", 1)[1])


@pytest.mark.parametrize("role", REFUSED)
def test_publication_is_refused_to_roles_without_the_right(
    app_client: TestClient, drafts: tuple[int, int], role: str
) -> None:
    run, outcome = drafts
    token = as_role(app_client, role)
    attempts = {
        "run page": app_client.post(
            f"/runs/{run}/publish", data={"csrf_token": token}, follow_redirects=False
        ),
        "run API": app_client.post(f"/api/runs/{run}/publish", headers={"X-CSRF-Token": token}),
        "outcome page": app_client.post(
            f"/outcomes/{outcome}/publish", data={"csrf_token": token}, follow_redirects=False
        ),
        "outcome API": app_client.post(
            f"/api/outcomes/{outcome}/publish", headers={"X-CSRF-Token": token}
        ),
    }
    for what, response in attempts.items():
        if role == "anonymous":
            expected = 401 if "API" in what else 303
            assert response.status_code == expected, (what, response.text[-300:])
            if expected == 303:
                assert response.headers["location"].startswith("/login")
        else:
            assert response.status_code == 403, (role, what, response.text[-300:])
    login(app_client, "editor")
    assert app_client.get(f"/api/runs/{run}").json()["published"] is False
    assert app_client.get(f"/api/outcomes/{outcome}").json()["published"] is False


@pytest.mark.parametrize("role", ["editor", "observer", "public", "anonymous"])
def test_only_an_admin_removes_accounts(app_client: TestClient, role: str) -> None:
    admin_token = login(app_client, "admin")
    name = f"kept-{role}"
    added = app_client.post(
        "/admin/users",
        data={"csrf_token": admin_token, "name": name, "role": "public", "password": PASSWORD},
        follow_redirects=False,
    )
    assert added.status_code == 303
    token = as_role(app_client, role)
    removed = app_client.post(
        f"/admin/users/{name}/remove", data={"csrf_token": token}, follow_redirects=False
    )
    if role == "anonymous":
        assert removed.status_code == 303
        assert removed.headers["location"].startswith("/login")
    else:
        assert removed.status_code == 403
    login(app_client, "admin")
    assert f"<td>{name}</td>" in app_client.get("/admin/users").text
    last_admin = app_client.post(
        "/admin/users/admin/remove", data={"csrf_token": csrf_of(app_client)}
    )
    assert last_admin.status_code == 422
    assert "last admin" in last_admin.text


def test_pdf_downloads_without_chromium_say_why(
    app_client: TestClient, drafts: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    run, outcome = drafts
    monkeypatch.setenv("HEMICYCLE_CHROMIUM", "/absent/chromium")
    login(app_client, "observer")
    for path in (f"/runs/{run}/report.pdf", f"/outcomes/{outcome}/report.pdf"):
        response = app_client.get(path)
        assert response.status_code == 503, path
        detail = response.text
        assert "needs headless Chromium, which was not found" in detail
        assert "/absent/chromium" in detail


@pytest.mark.browser
def test_pdf_downloads_are_printed_by_chromium(
    app_client: TestClient, drafts: tuple[int, int]
) -> None:
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium to print PDF reports")
    run, outcome = drafts
    login(app_client, "observer")
    for path in (f"/runs/{run}/report.pdf", f"/outcomes/{outcome}/report.pdf"):
        response = app_client.get(path)
        assert response.status_code == 200, (path, response.text[-500:])
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "attachment" in response.headers["content-disposition"]


def test_api_session_opens_and_closes(app_client: TestClient) -> None:
    app_client.cookies.clear()
    opened = app_client.post("/api/session", json={"name": "observer", "password": PASSWORD})
    assert opened.status_code == 200, opened.text
    token = opened.json()["csrf_token"]
    assert app_client.get("/api/me").json()["role"] == "observer"
    session = app_client.cookies.get("hemicycle_session")
    assert session
    unguarded = app_client.delete("/api/session")
    assert unguarded.status_code == 403  # no CSRF token: still logged in
    assert app_client.get("/api/me").json()["role"] == "observer"
    closed = app_client.delete("/api/session", headers={"X-CSRF-Token": token})
    assert closed.status_code == 204
    app_client.cookies.set("hemicycle_session", session)  # the old token no longer works
    assert app_client.get("/api/me").json()["role"] == "public"


def test_api_methods_lists_every_registered_method(app_client: TestClient) -> None:
    app_client.cookies.clear()
    response = app_client.get("/api/methods")
    assert response.status_code == 200
    assert response.json() == {"methods": [method.id for method in METHODS]}
