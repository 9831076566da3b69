"""Elections, laws, outcomes, power, offices and audits in the web app: every route under
every role, CSRF, inline law errors, rejected results, and figures checked against the library.

The election is the bundled Iraq 2025 example (five governorates, IHEC results as reported by
the press; see ``hemicycle/examples/README.md``), counted under the ``iraq-2023`` preset.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_helpers import csrf_of, login

import hemicycle
from hemicycle.cli.demo import example_file
from hemicycle.io.audit_store import AuditRecord, AuditStore
from hemicycle.io.results import read_results
from hemicycle.law import parse_law

SVG = "{http://www.w3.org/2000/svg}"
ELECTION = "Iraq 2025 — five governorates"
PATH = quote(ELECTION, safe="")
RESULTS = example_file("iraq_2025_results.csv")
ALL = ["admin", "editor", "observer", "public", "anonymous"]
READERS = {"admin", "editor", "observer"}


def as_role(client: TestClient, role: str) -> str:
    if role == "anonymous":
        client.cookies.clear()
        return csrf_of(client)
    return login(client, role)


def count(client: TestClient, token: str, law: str = "iraq-2023", **form: str) -> int:
    response = client.post(
        f"/elections/{PATH}/outcomes",
        data={"csrf_token": token, "preset": law, "partial": "true", **form},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[-2000:]
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def outcomes(app_client: TestClient, database_path: Path) -> tuple[int, int]:
    """The election imported by the editor, a draft outcome and a published one; an audit."""
    token = login(app_client, "editor")
    response = app_client.post(
        "/import",
        data={"csrf_token": token, "name": ELECTION},
        files={"file": ("iraq.csv", RESULTS.read_bytes(), "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[-2000:]
    assert response.headers["location"] == f"/elections/{PATH}"
    draft = count(app_client, token)
    published = count(app_client, token, "iraq-2018")
    response = app_client.post(
        f"/outcomes/{published}/publish", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    with app_client.app.state.db.exclusive():  # type: ignore[attr-defined]
        AuditStore(database_path).create(
            AuditRecord(
                name="recount",
                seed="12345678901234567890",
                risk_limit="1/10",
                kind="polling",
                test="bravo",
                outcome="A",
                ballots=1000,
                tally=(("A", 600), ("B", 400)),
                manifest=(("box 1", 500), ("box 2", 500)),
            )
        )
    return draft, published


READ_ROUTES = [
    ("/elections", READERS),
    (f"/elections/{PATH}", READERS),
    (f"/elections/{PATH}/compare?law=iraq-2023&law=iraq-2018&partial=true", READERS),
    ("/audits", READERS),
    ("/audits/recount", READERS),
    ("/outcomes/{draft}", READERS),
    ("/outcomes/{draft}/report.html", READERS),
    ("/outcomes/{draft}/diagram.svg", READERS),
    ("/outcomes/{draft}/power", READERS),
    ("/outcomes/{draft}/offices?count=5", READERS),
    ("/outcomes/{published}", set(ALL)),
    ("/outcomes/{published}/report.html", set(ALL)),
    ("/outcomes/{published}/diagram.svg", set(ALL)),
    ("/outcomes/{published}/power?quota=2/3&index=shapley_shubik", set(ALL)),
    ("/outcomes/{published}/offices?count=5", set(ALL)),
    ("/laws/iraq-2023.toml", set(ALL)),
    ("/api/laws", set(ALL)),
    ("/api/elections", READERS),
    (f"/api/elections/{PATH}", READERS),
    (f"/api/elections/{PATH}/compare?law=iraq-2023&law=iraq-2014&partial=true", READERS),
    ("/api/outcomes/{draft}", READERS),
    ("/api/outcomes/{draft}/power", READERS),
    ("/api/outcomes/{draft}/offices?count=3", READERS),
    ("/api/outcomes/{published}", set(ALL)),
    ("/api/outcomes/{published}/power", set(ALL)),
    ("/api/outcomes/{published}/offices?count=3", set(ALL)),
    ("/api/audits", READERS),
    ("/api/audits/recount", READERS),
]


@pytest.mark.parametrize("role", ALL)
def test_every_read_route_under_every_role(
    app_client: TestClient, outcomes: tuple[int, int], role: str
) -> None:
    draft, published = outcomes
    as_role(app_client, role)
    for template, allowed in READ_ROUTES:
        path = template.format(draft=draft, published=published)
        response = app_client.get(path, follow_redirects=False)
        if role in allowed:
            assert response.status_code == 200, (role, path, response.text[-500:])
        elif "{draft}" in template:
            assert response.status_code == 404, (role, path)  # drafts are not revealed
        elif role == "anonymous":
            expected = 401 if path.startswith("/api/") else 303
            assert response.status_code == expected, (role, path)
        else:
            assert response.status_code == 403, (role, path)


@pytest.mark.parametrize("role", ALL)
def test_outcome_lists_show_drafts_only_to_readers(
    app_client: TestClient, outcomes: tuple[int, int], role: str
) -> None:
    draft, published = outcomes
    as_role(app_client, role)
    ids = {o["id"] for o in app_client.get("/api/outcomes").json()}
    home = app_client.get("/").text
    assert published in ids
    assert f'href="/outcomes/{published}"' in home
    assert (draft in ids) is (role in READERS)
    assert (f'href="/outcomes/{draft}"' in home) is (role in READERS)


@pytest.mark.parametrize("role", ALL)
def test_writes_are_refused_to_roles_without_them(
    app_client: TestClient, outcomes: tuple[int, int], role: str
) -> None:
    draft, _ = outcomes
    token = as_role(app_client, role)
    writes = {
        "import": (
            app_client.post(
                "/import",
                data={"csrf_token": token, "name": f"copy by {role}"},
                files={"file": ("iraq.csv", RESULTS.read_bytes(), "text/csv")},
                follow_redirects=False,
            ),
            {"admin", "editor"},
        ),
        "count": (
            app_client.post(
                f"/elections/{PATH}/outcomes",
                data={"csrf_token": token, "preset": "iraq-2014", "partial": "true"},
                follow_redirects=False,
            ),
            {"admin", "editor"},
        ),
        "api count": (
            app_client.post(
                f"/api/elections/{PATH}/outcomes",
                json={"law": "iraq-2018", "partial": True},
                headers={"X-CSRF-Token": token},
            ),
            {"admin", "editor"},
        ),
        "observe": (
            app_client.post(
                f"/outcomes/{draft}/observations",
                data={"csrf_token": token, "text": f"seen by {role}"},
                follow_redirects=False,
            ),
            {"admin", "observer"},
        ),
    }
    for what, (response, allowed) in writes.items():
        if role in allowed:
            assert response.status_code in (201, 303), (role, what, response.text[-500:])
        elif role == "anonymous":
            assert response.status_code in (303, 401), (role, what)
        elif what == "observe":
            assert response.status_code in (403, 404), (role, what)
        else:
            assert response.status_code == 403, (role, what, response.text[-300:])


def test_every_new_post_needs_the_csrf_token(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    draft, _ = outcomes
    token = login(app_client, "admin")
    posts = [
        (f"/elections/{PATH}/outcomes", {"preset": "iraq-2023"}),
        (f"/outcomes/{draft}/observations", {"text": "x"}),
        (f"/outcomes/{draft}/publish", {}),
    ]
    for path, data in posts:
        for bad in (None, "forged" + token[6:]):
            form = dict(data) if bad is None else {**data, "csrf_token": bad}
            response = app_client.post(path, data=form, follow_redirects=False)
            assert response.status_code == 403, (path, bad)
    response = app_client.post(f"/api/outcomes/{draft}/publish")
    assert response.status_code == 403
    assert app_client.get(f"/api/outcomes/{draft}").json()["published"] is False


def test_outcome_page_shows_the_law_engine_outcome(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    draft, _ = outcomes
    login(app_client, "observer")
    expected = hemicycle.tabulate("iraq-2023", str(RESULTS), partial=True)
    page = app_client.get(f"/outcomes/{draft}").text
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    seats = Counter(
        c.attrib["data-list"]
        for c in ET.fromstring(svg).iter(f"{SVG}circle")
        if "seat" in c.attrib.get("class", "")
    )
    assert dict(seats) == {k: v for k, v in expected.seats.items() if v}
    for name, n in expected.seats.items():
        assert f'data-list="{name}" data-seats="{n}"' in page
    assert "Seats by district" in page
    assert "Erbil (governorates): KDP: 9 seats (369,724 votes)" in page  # the plain-language trace
    stored = app_client.get(f"/api/outcomes/{draft}").json()
    assert stored["outcome"]["seats"] == dict(expected.seats)
    assert stored["provenance"]["law_id"] == "iraq-2023"
    assert re.fullmatch(r"[0-9a-f]{64}", stored["provenance"]["input_hashes"]["results"])
    assert stored["provenance"]["law_hash"] in page


def test_rendered_outcomes_are_cached_until_published(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    token = login(app_client, "editor")
    outcome = count(app_client, token, "iraq-2014")
    cache = app_client.app.state.cache  # type: ignore[attr-defined]
    app_client.get(f"/outcomes/{outcome}")
    misses, hits = cache.misses, cache.hits
    for path in ("", "/diagram.svg", ""):
        assert app_client.get(f"/outcomes/{outcome}{path}").status_code == 200
    assert cache.misses == misses  # nothing built again
    assert cache.hits >= hits + 3
    published = app_client.post(f"/api/outcomes/{outcome}/publish", headers={"X-CSRF-Token": token})
    assert published.json()["published"] is True
    assert app_client.get(f"/outcomes/{outcome}").status_code == 200
    assert cache.misses > misses  # built again after publication
    again = app_client.post(f"/api/outcomes/{outcome}/publish", headers={"X-CSRF-Token": token})
    assert again.status_code == 422


def test_law_errors_are_shown_inline_and_nothing_is_stored(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    token = login(app_client, "editor")
    before = len(app_client.get("/api/outcomes").json())
    text = example_law().replace('formula = "sainte_lague"', 'formula = "saint_lague"')
    response = app_client.post(
        f"/elections/{PATH}/outcomes",
        data={"csrf_token": token, "law_text": text, "partial": "true"},
    )
    assert response.status_code == 422
    assert 'id="law-error"' in response.text
    assert "saint_lague" in response.text
    assert "formula = &#34;saint_lague&#34;" in response.text  # the law is shown again to edit
    uploaded = app_client.post(
        f"/elections/{PATH}/outcomes",
        data={"csrf_token": token},
        files={"law_file": ("mine.toml", b'id = "x"\n', "application/toml")},
    )
    assert uploaded.status_code == 422
    assert "name is missing" in uploaded.text
    reads_files = example_law().replace("districts = [", 'districts_file = "/etc/passwd"\nx = [')
    refused = app_client.post("/api/laws/check", json={"text": reads_files})
    assert refused.status_code == 422
    assert "cannot read files" in refused.json()["detail"]
    checked = app_client.post("/api/laws/check", json={"text": example_law()})
    assert checked.json()["seats"] == 25
    assert len(app_client.get("/api/outcomes").json()) == before


def example_law() -> str:
    return (
        'id = "five-governorates"\nname = "Five governorates"\ncountry = "Iraq"\n'
        'statute = "example"\ndate = "2025"\n[[tiers]]\nid = "main"\nkind = "district"\n'
        'formula = "sainte_lague"\n'
        'districts = [{id = "Najaf", seats = 5}, {id = "Kirkuk", seats = 5}, '
        '{id = "Duhok", seats = 5}, {id = "Sulaymaniyah", seats = 5}, {id = "Erbil", seats = 5}]\n'
    )


def test_a_law_written_in_the_form_is_applied(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    token = login(app_client, "editor")
    response = app_client.post(
        f"/elections/{PATH}/outcomes",
        data={"csrf_token": token, "law_text": example_law(), "partial": "true"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[-1000:]
    outcome = app_client.get("/api/outcomes/" + response.headers["location"].rsplit("/")[-1])
    law = parse_law(example_law())
    expected = hemicycle.tabulate(law, str(RESULTS), partial=True)
    assert outcome.json()["outcome"]["seats"] == dict(expected.seats)


def test_bad_results_are_listed_row_by_row_and_nothing_is_stored(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    token = login(app_client, "editor")
    before = app_client.get("/api/elections").json()
    bad = b"district,list,candidate,votes\nNajaf,A,,12\nNajaf,B,,-4\nNajaf,C,,1.5\nNajaf,A,,3\n"
    page = app_client.post(
        "/import",
        data={"csrf_token": token, "name": "bad"},
        files={"file": ("bad.csv", bad, "text/csv")},
    )
    assert page.status_code == 422
    rows = re.findall(r'<td>bad.csv</td><td class="number">(\d+)</td><td>(\w+)</td>', page.text)
    assert [(int(r), c) for r, c in rows] == [(3, "votes"), (4, "votes")]
    api = app_client.post(
        "/api/elections",
        files={"file": ("bad.csv", bad, "text/csv")},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 422
    assert [p["row"] for p in api.json()["problems"]] == [3, 4]
    assert app_client.get("/api/elections").json() == before


def test_compare_power_and_offices_agree_with_the_library(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    _, published = outcomes
    login(app_client, "observer")
    laws = ["iraq-2023", "iraq-2014"]
    compared = app_client.get(
        f"/api/elections/{PATH}/compare", params={"law": laws, "partial": True}
    ).json()
    expected = hemicycle.compare(laws, str(RESULTS), partial=True)
    for law in laws:
        seats = {name: by_law[law] for name, by_law in compared["seats"].items() if by_law[law]}
        assert seats == {k: v for k, v in expected[law].seats.items() if v}
    page = app_client.get(
        f"/elections/{PATH}/compare", params={"law": laws, "partial": "true"}
    ).text
    assert page.count('class="hemicycle"') == 2
    app_client.cookies.clear()  # the published outcome is public
    seats = app_client.get(f"/api/outcomes/{published}").json()["outcome"]["seats"]
    held = {k: v for k, v in seats.items() if v}
    power = app_client.get(
        f"/api/outcomes/{published}/power", params={"quota": "2/3", "index": "shapley_shubik"}
    ).json()
    exact = hemicycle.power(held, "2/3", "shapley_shubik")
    assert power["values"] == {k: str(v) for k, v in exact.values.items()}
    offices = app_client.get(f"/api/outcomes/{published}/offices", params={"count": 6}).json()
    reference = hemicycle.offices(held, count=6, tie_votes=tie_votes(held))
    assert offices["allocation"] == dict(reference.allocation)
    bad = app_client.get(f"/outcomes/{published}/power", params={"quota": "banana"})
    assert bad.status_code == 422
    assert 'role="alert"' in bad.text


def tie_votes(held: dict[str, int]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in read_results(str(RESULTS)).rows:
        if row.list in held:
            totals[row.list] = totals.get(row.list, 0) + row.votes
    return totals


def test_audit_pages_show_the_plan(app_client: TestClient, outcomes: tuple[int, int]) -> None:
    login(app_client, "observer")
    detail = app_client.get("/api/audits/recount").json()
    assert (detail["ballots"], detail["batches"], detail["tally"]) == (
        1000,
        2,
        {"A": 600, "B": 400},
    )
    assert "bravo at risk limit 1/10" in app_client.get("/audits/recount").text
    assert app_client.get("/api/audits/missing").status_code == 404


def test_observations_on_outcomes_are_audited(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    draft, _ = outcomes
    token = login(app_client, "observer")
    response = app_client.post(
        f"/api/outcomes/{draft}/observations",
        json={"text": "Kirkuk total differs from the tally sheet"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201
    assert "Kirkuk total differs" in app_client.get(f"/outcomes/{draft}").text
    log = app_client.get("/api/audit").json()
    assert (log[0]["actor"], log[0]["action"], log[0]["target"]) == (
        "observer",
        "observation",
        f"outcome:{draft}",
    )
    actions = {e["action"] for e in app_client.get("/api/audit", params={"limit": 1000}).json()}
    assert {"election.import", "outcome.create", "outcome.publish"} <= actions
    assert "The hash chain is intact" in app_client.get("/audit").text


def test_an_unknown_election_or_outcome_is_404(app_client: TestClient) -> None:
    login(app_client, "admin")
    assert app_client.get("/elections/nowhere").status_code == 404
    assert app_client.get("/api/elections/nowhere").status_code == 404
    assert app_client.get("/outcomes/999").status_code == 404
    assert app_client.get("/api/outcomes/999").status_code == 404


def test_parquet_with_an_all_empty_optional_column_is_imported(
    app_client: TestClient, tmp_path: Path
) -> None:
    """pandas writes a column of None only with Parquet's null type: an empty optional column
    (candidate) is accepted, an empty required one (list) is refused row by row."""
    import pandas as pd

    token = login(app_client, "editor")
    frame = pd.DataFrame(
        {"district": ["Erbil", "Erbil"], "list": ["KDP", "PUK"], "candidate": [None, None]}
    )
    frame["votes"] = [369724, 97411]
    path = tmp_path / "lists.parquet"
    frame.to_parquet(path)
    import pyarrow.parquet as pq

    assert str(pq.read_schema(path).field("candidate").type) == "null"
    response = app_client.post(
        "/import",
        data={"csrf_token": token, "name": "Erbil lists (Parquet)"},
        files={"file": ("lists.parquet", path.read_bytes(), "application/octet-stream")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[-2000:]
    election = app_client.get(f"/api/elections/{quote('Erbil lists (Parquet)', safe='')}").json()
    assert election["result_rows"] == 2
    frame["list"] = [None, None]
    frame.to_parquet(path)
    refused = app_client.post(
        "/import",
        data={"csrf_token": token, "name": "Erbil without lists"},
        files={"file": ("lists.parquet", path.read_bytes(), "application/octet-stream")},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert refused.text.count("list must not be empty") == 2


def test_observation_form_posts_to_its_outcome(
    app_client: TestClient, outcomes: tuple[int, int]
) -> None:
    _, published = outcomes
    form = f'action="/outcomes/{published}/observations"'
    as_role(app_client, "observer")
    assert form in app_client.get(f"/outcomes/{published}").text
    as_role(app_client, "editor")  # reads everything, records no observation
    page = app_client.get(f"/outcomes/{published}").text
    assert 'id="observations"' in page
    assert form not in page
