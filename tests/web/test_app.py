"""Every route under every role, including refusals, CSRF, the upload limit and bad files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_helpers import PASSWORD, VOTES_CSV, csrf_of, login

from hemicycle import apportion

SVG = "{http://www.w3.org/2000/svg}"


def import_votes(client: TestClient, token: str, data: bytes = VOTES_CSV, name: str = "t"):
    return client.post(
        "/import",
        data={"csrf_token": token, "name": name},
        files={"file": ("votes.csv", data, "text/csv")},
        follow_redirects=False,
    )


def new_run(client: TestClient, token: str, dataset: int, **form: str) -> int:
    response = client.post(
        f"/tables/{dataset}/runs",
        data={"csrf_token": token, "method": "dhondt", "seats": "40", **form},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def draft(app_client: TestClient) -> tuple[int, int]:
    """A dataset and an unpublished run made by the editor."""
    token = login(app_client, "editor")
    response = import_votes(app_client, token, name="Baghdad test")
    assert response.status_code == 303, response.text
    dataset = int(response.headers["location"].rsplit("/", 1)[1])
    return dataset, new_run(app_client, token, dataset, threshold="2%")


@pytest.fixture(scope="module")
def published(app_client: TestClient, draft: tuple[int, int]) -> int:
    token = login(app_client, "editor")
    run = new_run(app_client, token, draft[0], method="sainte_lague")
    response = app_client.post(
        f"/runs/{run}/publish", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    return run


def as_role(client: TestClient, role: str) -> str:
    if role == "anonymous":
        client.cookies.clear()
        return csrf_of(client)
    return login(client, role)


# (method, path template, who may) — who may: the roles that get a success status.
READ_ROUTES = [
    ("/elections", {"admin", "editor", "observer"}),
    ("/tables/{dataset}", {"admin", "editor", "observer"}),
    (
        "/tables/{dataset}/compare?seats=10&method=dhondt&method=hare",
        {"admin", "editor", "observer"},
    ),
    ("/import", {"admin", "editor"}),
    ("/audit", {"admin", "observer"}),
    ("/admin/users", {"admin"}),
    ("/runs/{draft}", {"admin", "editor", "observer"}),
    ("/runs/{draft}/report.html", {"admin", "editor", "observer"}),
    ("/runs/{draft}/diagram.svg", {"admin", "editor", "observer"}),
    ("/runs/{published}", {"admin", "editor", "observer", "public", "anonymous"}),
    ("/runs/{published}/report.html", {"admin", "editor", "observer", "public", "anonymous"}),
    ("/runs/{published}/diagram.svg", {"admin", "editor", "observer", "public", "anonymous"}),
    ("/api/elections", {"admin", "editor", "observer"}),
    ("/api/tables/{dataset}", {"admin", "editor", "observer"}),
    ("/api/tables/{dataset}/compare?seats=10&method=dhondt", {"admin", "editor", "observer"}),
    ("/api/runs/{draft}", {"admin", "editor", "observer"}),
    ("/api/runs/{published}", {"admin", "editor", "observer", "public", "anonymous"}),
    ("/api/audit", {"admin", "observer"}),
]
ALL = ["admin", "editor", "observer", "public", "anonymous"]


@pytest.mark.parametrize("role", ALL)
def test_every_read_route_under_every_role(
    app_client: TestClient, draft: tuple[int, int], published: int, role: str
) -> None:
    as_role(app_client, role)
    for template, allowed in READ_ROUTES:
        path = template.format(dataset=draft[0], draft=draft[1], published=published)
        response = app_client.get(path, follow_redirects=False)
        if role in allowed:
            assert response.status_code == 200, (role, path, response.text[:300])
        elif role == "anonymous" and "{draft}" not in template:
            expected = 401 if path.startswith("/api/") else 303
            assert response.status_code == expected, (role, path)
            if expected == 303:
                assert response.headers["location"].startswith("/login?next=")
        elif "{draft}" in template:
            assert response.status_code == 404, (role, path)  # drafts are not revealed
        else:
            assert response.status_code == 403, (role, path)


@pytest.mark.parametrize("role", ALL)
def test_home_and_run_lists_show_drafts_only_to_readers(
    app_client: TestClient, draft: tuple[int, int], published: int, role: str
) -> None:
    as_role(app_client, role)
    ids = {run["id"] for run in app_client.get("/api/runs").json()}
    home = app_client.get("/").text
    assert published in ids
    assert f'href="/runs/{published}"' in home
    sees_drafts = role in {"admin", "editor", "observer"}
    assert (draft[1] in ids) is sees_drafts
    assert (f'href="/runs/{draft[1]}"' in home) is sees_drafts


@pytest.mark.parametrize("role", ALL)
def test_writes_are_refused_to_roles_without_them(
    app_client: TestClient, draft: tuple[int, int], role: str
) -> None:
    token = as_role(app_client, role)
    dataset, run = draft
    writes = {
        "import": (import_votes(app_client, token), {"admin", "editor"}),
        "run": (
            app_client.post(
                f"/tables/{dataset}/runs",
                data={"csrf_token": token, "method": "hare", "seats": "7"},
                follow_redirects=False,
            ),
            {"admin", "editor"},
        ),
        "observe": (
            app_client.post(
                f"/runs/{run}/observations",
                data={"csrf_token": token, "text": f"seen by {role}"},
                follow_redirects=False,
            ),
            {"admin", "observer"},
        ),
        "add user": (
            app_client.post(
                "/admin/users",
                data={
                    "csrf_token": token,
                    "name": f"new-{role}",
                    "role": "observer",
                    "password": PASSWORD,
                },
                follow_redirects=False,
            ),
            {"admin"},
        ),
        "api run": (
            app_client.post(
                f"/api/tables/{dataset}/runs",
                json={"method": "hare", "seats": 7},
                headers={"X-CSRF-Token": token},
            ),
            {"admin", "editor"},
        ),
    }
    for what, (response, allowed) in writes.items():
        if role in allowed:
            assert response.status_code in (201, 303), (role, what, response.text[:300])
        elif role == "anonymous":
            assert response.status_code in (303, 401), (role, what)
        else:
            assert response.status_code == 403, (role, what, response.text[:300])


def test_every_post_needs_the_csrf_token(app_client: TestClient, draft: tuple[int, int]) -> None:
    token = login(app_client, "admin")
    dataset, run = draft
    posts = [
        ("/import", {"name": "x"}, {"file": ("v.csv", VOTES_CSV, "text/csv")}),
        (f"/tables/{dataset}/runs", {"method": "dhondt", "seats": "5"}, None),
        (f"/runs/{run}/observations", {"text": "x"}, None),
        (f"/runs/{run}/publish", {}, None),
        ("/admin/users", {"name": "z", "role": "observer", "password": PASSWORD}, None),
        ("/admin/users/observer/remove", {}, None),
        ("/logout", {}, None),
        ("/login", {"name": "admin", "password": PASSWORD}, None),
    ]
    for path, data, files in posts:
        for bad in (None, "forged" + token[6:]):
            form = dict(data) if bad is None else {**data, "csrf_token": bad}
            response = app_client.post(path, data=form, files=files, follow_redirects=False)
            assert response.status_code == 403, (path, bad)
            assert "CSRF" in response.text
    response = app_client.post(f"/api/tables/{dataset}/runs", json={"method": "hare", "seats": 3})
    assert response.status_code == 403
    assert app_client.get(f"/runs/{run}").status_code == 200  # still logged in: nothing changed


def test_login_refusals_and_rate_limit(app_client: TestClient) -> None:
    app_client.cookies.clear()
    token = csrf_of(app_client)
    wrong = {"name": "observer", "password": "not the password", "csrf_token": token}
    statuses = [app_client.post("/login", data=wrong).status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    limited = app_client.post(
        "/login", data={**wrong, "password": PASSWORD}, follow_redirects=False
    )
    assert limited.status_code == 429  # even the right password waits out the window
    assert int(limited.headers["Retry-After"]) > 0
    api = app_client.post("/api/session", json={"name": "observer", "password": PASSWORD})
    assert api.status_code == 429
    app_client.app.state.limiter.reset("name:observer")  # type: ignore[attr-defined]
    app_client.app.state.limiter.reset("address:testclient")  # type: ignore[attr-defined]
    ok = app_client.post("/api/session", json={"name": "observer", "password": PASSWORD})
    assert ok.status_code == 200
    assert ok.json()["role"] == "observer"


def test_session_cookie_flags(app_client: TestClient) -> None:
    app_client.cookies.clear()
    token = csrf_of(app_client)
    response = app_client.post(
        "/login",
        data={"name": "editor", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "hemicycle_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # plain HTTP here; Secure behind TLS (next test)
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_cookies_are_secure_behind_tls(app_client: TestClient) -> None:
    secure = TestClient(app_client.app, base_url="https://testserver")
    secure.cookies.clear()
    response = secure.get("/")
    assert "secure" in response.headers["set-cookie"].lower()


def test_upload_limit(app_client: TestClient) -> None:
    token = login(app_client, "editor")
    big = b"name,votes\n" + b"".join(b"party %d,%d\n" % (i, i) for i in range(8000))
    assert len(big) > 64 * 1024
    before = app_client.get("/api/tables").json()
    response = import_votes(app_client, token, data=big)
    assert response.status_code == 413
    assert "limit is 65,536 bytes" in response.text
    assert app_client.get("/api/tables").json() == before


def test_bad_files_show_every_problem_and_store_nothing(app_client: TestClient) -> None:
    token = login(app_client, "editor")
    before = app_client.get("/api/tables").json()
    bad = b"name,votes\nA,12\nB,-4\nC,1.5\nA,3\n"
    response = import_votes(app_client, token, data=bad)
    assert response.status_code == 422
    rows = re.findall(r'<td class="number">(\d+)</td><td>(\w+)</td><td>([^<]+)</td>', response.text)
    assert [(int(r), c) for r, c, _ in rows] == [(3, "votes"), (4, "votes"), (5, "name")]
    for data, name, message in [
        (b"\xff\xfe\x00", "v.csv", "not UTF-8"),
        (b"PK\x03\x04broken", "v.xlsx", "cannot be read as XLSX"),
        (b"name,votes\nA,1\n", "v.exe", "unknown file type"),
    ]:
        response = app_client.post(
            "/import",
            data={"csrf_token": token},
            files={"file": (name, data, "application/octet-stream")},
        )
        assert response.status_code == 422
        assert message in response.text
    api = app_client.post(
        "/api/tables",
        files={"file": ("v.csv", bad, "text/csv")},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 422
    assert [(p["row"], p["column"]) for p in api.json()["problems"]] == [
        (3, "votes"),
        (4, "votes"),
        (5, "name"),
    ]
    assert app_client.get("/api/tables").json() == before


def test_outcome_page_diagram_matches_the_allocation(
    app_client: TestClient, draft: tuple[int, int]
) -> None:
    login(app_client, "observer")
    page = app_client.get(f"/runs/{draft[1]}").text
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    counts = Counter(
        c.attrib["data-list"]
        for c in ET.fromstring(svg).iter(f"{SVG}circle")
        if "seat" in c.attrib.get("class", "")
    )
    expected = apportion(
        {"Sadrist": 301234, "State of Law": 198765, "Taqaddum": 121111, "Azm": 9000},
        40,
        threshold="2%",
    ).seats
    assert dict(counts) == {k: v for k, v in expected.items() if v}
    assert "Azm (below threshold)" in page
    assert "Seat 1: Sadrist, quotient 301,234" in page


def test_compare_and_stateless_api(app_client: TestClient, draft: tuple[int, int]) -> None:
    login(app_client, "observer")
    data = app_client.get(
        f"/api/tables/{draft[0]}/compare",
        params={"seats": 10, "method": ["dhondt", "hare"]},
    ).json()
    for method in ("dhondt", "hare"):
        expected = apportion(data["votes"], 10, method=method).seats
        assert data["seats"][method] == dict(expected)
    page = app_client.get(
        f"/tables/{draft[0]}/compare", params={"seats": 10, "method": ["dhondt", "hare"]}
    )
    assert page.text.count('class="hemicycle"') == 2
    app_client.cookies.clear()
    result = app_client.post(
        "/api/apportion", json={"votes": {"A": 5, "B": 3, "C": 2}, "seats": 4, "method": "hare"}
    )
    assert result.status_code == 200
    assert result.json()["seats"] == {"A": 2, "B": 1, "C": 1}
    bad = app_client.post("/api/apportion", json={"votes": {"A": 5}, "seats": 4, "method": "dhont"})
    assert bad.status_code == 422
    assert "unknown method 'dhont'" in bad.json()["detail"]


def test_bad_run_parameters_are_shown_inline(
    app_client: TestClient, draft: tuple[int, int]
) -> None:
    token = login(app_client, "editor")
    response = app_client.post(
        f"/tables/{draft[0]}/runs",
        data={"csrf_token": token, "method": "dhondt", "seats": "40", "threshold": "banana"},
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    missing = app_client.post(f"/tables/{draft[0]}/runs", data={"csrf_token": token})
    assert missing.status_code == 422


def test_publish_observe_audit_and_report_download(
    app_client: TestClient, draft: tuple[int, int]
) -> None:
    token = login(app_client, "editor")
    run = new_run(app_client, token, draft[0], method="hare", seats="9")
    assert app_client.get(f"/api/runs/{run}").json()["published"] is False
    published = app_client.post(f"/api/runs/{run}/publish", headers={"X-CSRF-Token": token})
    assert published.json()["published"] is True
    again = app_client.post(f"/api/runs/{run}/publish", headers={"X-CSRF-Token": token})
    assert again.status_code == 422
    token = login(app_client, "observer")
    observed = app_client.post(
        f"/api/runs/{run}/observations",
        json={"text": "counted twice"},
        headers={"X-CSRF-Token": token},
    )
    assert observed.status_code == 201
    assert "counted twice" in app_client.get(f"/runs/{run}").text
    log = app_client.get("/api/audit").json()
    actions = [(e["actor"], e["action"], e["target"]) for e in log[:3]]
    assert actions == [
        ("observer", "observation", f"run:{run}"),
        ("observer", "login", "user:observer"),
        ("editor", "run.publish", f"run:{run}"),
    ]
    assert "The hash chain is intact" in app_client.get("/audit").text
    app_client.cookies.clear()
    report = app_client.get(f"/runs/{run}/report.html")
    assert report.headers["content-disposition"].startswith("attachment")
    assert 'data-total="9"' in report.text


def test_admin_manages_users(app_client: TestClient) -> None:
    token = login(app_client, "admin")
    added = app_client.post(
        "/admin/users",
        data={"csrf_token": token, "name": "journalist", "role": "public", "password": PASSWORD},
        follow_redirects=False,
    )
    assert added.status_code == 303
    short = app_client.post(
        "/admin/users",
        data={"csrf_token": token, "name": "x", "role": "public", "password": "short"},
    )
    assert short.status_code == 422
    assert "at least 10 characters" in short.text
    assert "journalist" in app_client.get("/admin/users").text
    removed = app_client.post(
        "/admin/users/journalist/remove", data={"csrf_token": token}, follow_redirects=False
    )
    assert removed.status_code == 303
    assert "journalist" not in app_client.get("/admin/users").text


def test_logout_ends_the_session(app_client: TestClient) -> None:
    token = login(app_client, "observer")
    assert app_client.get("/api/me").json()["role"] == "observer"
    session = app_client.cookies.get("hemicycle_session")
    app_client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    app_client.cookies.set("hemicycle_session", session or "")
    assert app_client.get("/api/me").json()["role"] == "public"


def test_openapi_schema_lists_the_api(app_client: TestClient) -> None:
    schema = app_client.get("/openapi.json").json()
    assert {
        "/api/session",
        "/api/elections",
        "/api/elections/{name}/outcomes",
        "/api/outcomes/{outcome_id}/publish",
        "/api/outcomes/{outcome_id}/power",
        "/api/outcomes/{outcome_id}/offices",
        "/api/audits",
        "/api/laws",
        "/api/tables/{dataset_id}/runs",
        "/api/runs/{run_id}/publish",
        "/api/audit",
        "/api/apportion",
    } <= set(schema["paths"])
    assert "/login" not in schema["paths"]  # pages are not part of the API


def test_streamed_upload_over_the_limit_gets_413(app_client: TestClient) -> None:
    """A chunked body (no Content-Length) is counted as it arrives: over the limit it gets the
    same 413 as an announced one, on a page route (form parsing) and on the API."""
    token = login(app_client, "editor")
    boundary = "hemicycle-test-boundary"
    rows = b"".join(b"party %d,%d\n" % (i, i) for i in range(8000))
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="csrf_token"\r\n\r\n{token}\r\n--{boundary}\r\n'
        'Content-Disposition: form-data; name="file"; filename="v.csv"\r\n'
        "Content-Type: text/csv\r\n\r\nname,votes\n"
    )
    body = head.encode() + rows + f"\r\n--{boundary}--\r\n".encode()
    assert len(body) > 64 * 1024

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]

    before = app_client.get("/api/tables").json()
    for path in ("/import", "/api/tables"):
        response = app_client.post(
            path,
            content=chunks(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-CSRF-Token": token,
            },
        )
        assert "content-length" not in response.request.headers
        assert response.request.headers["transfer-encoding"] == "chunked"
        assert response.status_code == 413, response.text
        assert "limit is 65,536 bytes" in response.text
    assert app_client.get("/api/tables").json() == before


def test_observation_form_posts_to_its_run(app_client: TestClient, published: int) -> None:
    form = f'action="/runs/{published}/observations"'
    as_role(app_client, "observer")
    assert form in app_client.get(f"/runs/{published}").text
    as_role(app_client, "editor")  # reads everything, records no observation
    page = app_client.get(f"/runs/{published}").text
    assert 'id="observations"' in page
    assert form not in page
