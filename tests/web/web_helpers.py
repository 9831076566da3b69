"""Helpers of the web tests: accounts, a sample upload, logging in."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

PASSWORD = "a long password"
ROLES = ("admin", "editor", "observer", "public")
VOTES_CSV = b"name,votes\nSadrist,301234\nState of Law,198765\nTaqaddum,121111\nAzm,9000\n"


def csrf_of(client: TestClient) -> str:
    """The CSRF token written into the forms of the home page."""
    page = client.get("/").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found:
        return found.group(1)
    return str(client.get("/api/me").json()["csrf_token"])


def login(client: TestClient, role: str) -> str:
    """Log ``client`` in as the account of ``role``; the CSRF token to use."""
    client.cookies.clear()
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"name": role, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return token
