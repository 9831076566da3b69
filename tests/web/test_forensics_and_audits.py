"""Forensics of an election imported per polling station, disproportionality and the seat
trace of its outcome, and observers' readings of audit samples: every route under every role,
CSRF, bad readings, and every figure checked against the CLI or the library.

The stations are simulated (``web_helpers.station_files``): clean binomial counts in three
regions, with a third of the stations of R01 rounded to whole percentages, which the region
test must flag and no other.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import STATION_LAW, csrf_of, login, station_files

from hemicycle.analysis.disproportionality import disproportionality, list_votes
from hemicycle.cli.app import app
from hemicycle.io import audit_log
from hemicycle.io.results import load_results
from hemicycle.report.model import decimal_text
from hemicycle.web.app import create_app
from hemicycle.web.settings import Settings

ELECTION = "Simulated — three regions"
PATH = quote(ELECTION, safe="")
ALL = ["admin", "editor", "observer", "public", "anonymous"]
READERS = {"admin", "editor", "observer"}
OBSERVERS = {"admin", "observer"}
QUICK = "repetitions=99&model=false&seed=3"
SVG = "{http://www.w3.org/2000/svg}"

runner = CliRunner()


def as_role(client: TestClient, role: str) -> str:
    if role == "anonymous":
        client.cookies.clear()
        return csrf_of(client)
    return login(client, role)


def cli(client: TestClient, database: Path, *arguments: str) -> dict[str, Any]:
    """A ``hemicycle`` command on the app's file, while the app holds off its own use of it."""
    with client.app.state.db.exclusive():  # type: ignore[attr-defined]
        result = runner.invoke(app, [*arguments, "--db", str(database), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def plan(
    client: TestClient, database: Path, folder: Path, name: str, *options: str, size: int
) -> None:
    """Plan an audit of A 600 – B 400 over two boxes of 500 ballots, and draw its sample."""
    results = folder / "tally.csv"
    results.write_text("name,votes\nA,600\nB,400\n", encoding="utf-8")
    manifest = folder / f"{name}-manifest.csv"
    if "batch" in options:
        rows = "".join(f"p{i},100,60,40\n" for i in range(10))
        manifest.write_text("batch,ballots,A,B\n" + rows, encoding="utf-8")
    else:
        manifest.write_text("batch,ballots\nbox 1,500\nbox 2,500\n", encoding="utf-8")
    cli(client, database, "audit", "plan", str(results), "--audit", name, "--manifest",
        str(manifest), "--seed", "20251111", *options)  # fmt: skip
    cli(client, database, "audit", "sample", "--audit", name, "--size", str(size))


@pytest.fixture(scope="module")
def app_client(database_path: Path) -> Iterator[TestClient]:
    """The app with room for the station files (a few hundred kilobytes)."""
    settings = Settings(db=database_path, max_upload_bytes=4 * 1024 * 1024)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def setup(
    app_client: TestClient, database_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The station election imported and counted (published) by the editor; four audits."""
    folder = tmp_path_factory.mktemp("stations")
    results, totals = station_files(folder)
    token = login(app_client, "editor")
    response = app_client.post(
        "/import",
        data={"csrf_token": token, "name": ELECTION},
        files={
            "file": ("stations.csv", results.read_bytes(), "text/csv"),
            "totals": ("station_totals.csv", totals.read_bytes(), "text/csv"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[-2000:]
    counted = app_client.post(
        f"/api/elections/{PATH}/outcomes",
        json={"law_text": STATION_LAW},
        headers={"X-CSRF-Token": token},
    )
    assert counted.status_code == 201, counted.text
    outcome = int(counted.json()["id"])
    published = app_client.post(f"/api/outcomes/{outcome}/publish", headers={"X-CSRF-Token": token})
    assert published.status_code == 200
    district = folder / "district.csv"
    district.write_text("district,list,candidate,votes\nNorth,A,,10\nNorth,B,,5\n")
    other = app_client.post(
        "/api/elections",
        files={"file": ("district.csv", district.read_bytes(), "text/csv")},
        data={"name": "per district"},
        headers={"X-CSRF-Token": token},
    )
    assert other.status_code == 201
    plan(app_client, database_path, folder, "poll", size=40)
    plan(app_client, database_path, folder, "roles", size=5)
    plan(app_client, database_path, folder, "cvr", "--kind", "comparison", size=30)
    plan(app_client, database_path, folder, "batches", "--kind", "batch", size=4)
    return {"outcome": outcome, "results": results, "totals": totals, "folder": folder}


def without_nan(value: Any) -> Any:
    """``value`` with NaN (a number of a test that did not run) as None, as JSON null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nan(v) for v in value]
    return value


# -- forensics -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL)
def test_forensic_routes_under_every_role(
    app_client: TestClient, setup: dict[str, Any], role: str
) -> None:
    as_role(app_client, role)
    for path in (
        f"/elections/{PATH}/forensics?{QUICK}",
        f"/api/elections/{PATH}/forensics?{QUICK}",
    ):
        response = app_client.get(path, follow_redirects=False)
        if role in READERS:
            assert response.status_code == 200, (role, path, response.text[-500:])
        elif role == "anonymous":
            assert response.status_code == (401 if path.startswith("/api/") else 303)
        else:
            assert response.status_code == 403, (role, path)


def test_forensic_json_is_the_cli_object(
    app_client: TestClient, database_path: Path, setup: dict[str, Any]
) -> None:
    """The API gives what `hemicycle forensics --db --election --region district` prints."""
    login(app_client, "observer")
    api = app_client.get(f"/api/elections/{PATH}/forensics?{QUICK}").json()
    printed = cli(app_client, database_path, "forensics", "--election", ELECTION, "--region",
                  "district", "--repetitions", "99", "--no-model", "--seed", "3")  # fmt: skip
    assert (api.pop("election"), api.pop("repetitions"), api.pop("fit_model")) == (
        ELECTION,
        99,
        False,
    )
    assert api == without_nan(printed)  # the API writes a test that did not run as null
    flagged = {(r["region"], r["test"]) for r in api["regions"] if r["rejected"]}
    assert flagged == {("R01", "integer_percentages")}


def test_forensic_page_shows_tests_regions_and_plots(
    app_client: TestClient, setup: dict[str, Any]
) -> None:
    login(app_client, "observer")
    page = app_client.get(f"/elections/{PATH}/forensics?{QUICK}").text
    found = app_client.get(f"/api/elections/{PATH}/forensics?{QUICK}").json()
    for title in ("Integer percentages", "Digit tests", "Regions flagged", "Forensic plots"):
        assert f"<h2>{title}</h2>" in page
    assert "<td>R01</td><td>integer_percentages</td>" in page
    for p in found["integer_percentages"]["p_values"]:
        assert f"<td>{p:.3g}</td>" in page
    figures = re.findall(r'<figure class="plot">(.*?)</figure>', page, flags=re.S)
    assert len(figures) >= 3  # fingerprint, integer percentages, the leader's digits
    assert all(ET.fromstring(f).tag == f"{SVG}svg" for f in figures)
    election = app_client.get(f"/elections/{PATH}").text
    assert f'href="/elections/{PATH}/forensics"' in election


def test_forensics_needs_stations_and_sound_parameters(
    app_client: TestClient, setup: dict[str, Any]
) -> None:
    login(app_client, "observer")
    per_district = app_client.get(f"/api/elections/per%20district/forensics?{QUICK}")
    assert per_district.status_code == 422
    assert "not per polling station" in per_district.json()["detail"]
    page = app_client.get(f"/elections/per%20district/forensics?{QUICK}")
    assert page.status_code == 422
    assert "station column" in page.text
    assert app_client.get("/api/elections/nowhere/forensics").status_code == 404
    for bad in ("repetitions=5", "fdr=1.5", "seed=-1"):
        assert app_client.get(f"/api/elections/{PATH}/forensics?{bad}").status_code == 422


def test_outcome_page_and_report_carry_forensics_disproportionality_and_seats(
    app_client: TestClient, setup: dict[str, Any]
) -> None:
    outcome = setup["outcome"]
    app_client.cookies.clear()  # published: the public sees it
    page = app_client.get(f"/outcomes/{outcome}").text
    report = app_client.get(f"/outcomes/{outcome}/report.html").text
    seats = app_client.get(f"/api/outcomes/{outcome}").json()["outcome"]["seats"]
    votes = list_votes(load_results(str(setup["results"])).results)
    exact = disproportionality({**dict.fromkeys(seats, 0), **votes}, seats)
    for html in (page, report):
        assert "<h2>Regions flagged</h2>" in html
        assert "<td>R01</td><td>integer_percentages</td>" in html
        assert html.count("<svg") >= 4  # the hemicycle and three plots at least
        assert f"<td>{decimal_text(exact.gallagher)}</td>" in html
        assert len(re.findall(r"<li>Seat \d+ of R0\d: ", html)) == 30
    api = app_client.get(f"/api/outcomes/{outcome}/disproportionality").json()
    assert api == exact.as_json()


@pytest.mark.parametrize("forensics", [True, False])
def test_report_command_adds_forensics_for_station_results(
    tmp_path: Path, setup: dict[str, Any], forensics: bool
) -> None:
    law = tmp_path / "law.toml"
    law.write_text(STATION_LAW, encoding="utf-8")
    out = tmp_path / "report.html"
    flag = "--forensics" if forensics else "--no-forensics"
    files = ["--results", str(setup["results"]), "--totals", str(setup["totals"])]
    result = runner.invoke(app, ["report", "--law", str(law), *files, "-o", str(out), flag])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert ("<h2>Regions flagged</h2>" in html) is forensics
    assert ("<td>R01</td><td>integer_percentages</td>" in html) is forensics
    assert "<h2>Disproportionality</h2>" in html


def test_report_of_a_stored_outcome_adds_forensics(
    app_client: TestClient, database_path: Path, tmp_path: Path, setup: dict[str, Any]
) -> None:
    out = tmp_path / "outcome.html"
    with app_client.app.state.db.exclusive():  # type: ignore[attr-defined]
        result = runner.invoke(app, ["report", "--outcome", str(setup["outcome"]), "--db",
                                     str(database_path), "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h2>Forensic plots</h2>" in html
    assert "<td>R01</td><td>integer_percentages</td>" in html


# -- audits ---------------------------------------------------------------------------------


def truth(batch: str, position: int) -> str:
    """What a sampled ballot shows in these tests: A on three ballots of five."""
    return "A" if (position + len(batch)) % 5 < 3 else "B"


@pytest.mark.parametrize("role", ALL)
def test_recording_is_for_observers_only(
    app_client: TestClient, setup: dict[str, Any], role: str
) -> None:
    login(app_client, "admin")
    first = app_client.get("/api/audits/roles").json()["sample"][0]
    token = as_role(app_client, role)
    form = app_client.post(
        "/audits/roles/observations",
        data={"csrf_token": token, "batch": first["batch"], "position": str(first["position"]),
              "audited": "c0"},
        follow_redirects=False,
    )  # fmt: skip
    api = app_client.post(
        "/api/audits/roles/observations",
        json={
            "ballots": [{"batch": first["batch"], "position": first["position"], "audited": "B"}]
        },
        headers={"X-CSRF-Token": token},
    )
    if role in OBSERVERS:
        assert (form.status_code, api.status_code) == (303, 201), (role, form.text[-500:])
    elif role == "anonymous":
        assert (form.status_code, api.status_code) == (303, 401)
        assert form.headers["location"].startswith("/login")
    else:
        assert (form.status_code, api.status_code) == (403, 403), role
    page = app_client.get("/audits/roles", follow_redirects=False)
    if role in READERS:
        assert ('<button type="submit">Record</button>' in page.text) is (role in OBSERVERS)


def test_recording_needs_the_csrf_token(app_client: TestClient, setup: dict[str, Any]) -> None:
    token = login(app_client, "observer")
    first = app_client.get("/api/audits/roles").json()["sample"][0]
    reading = {"batch": first["batch"], "position": str(first["position"]), "audited": "c1"}
    for bad in ({}, {"csrf_token": "forged" + token[6:]}):
        response = app_client.post("/audits/roles/observations", data={**reading, **bad})
        assert response.status_code == 403
    response = app_client.post(
        "/api/audits/roles/observations",
        json={"ballots": [{**reading, "position": first["position"]}]},
    )
    assert response.status_code == 403


def test_polling_readings_in_the_page_give_the_cli_risk(
    app_client: TestClient, database_path: Path, setup: dict[str, Any]
) -> None:
    token = login(app_client, "observer")
    ballots = app_client.get("/api/audits/poll").json()["sample"]
    half = len(ballots) // 2

    def post(part: list[dict[str, Any]]) -> Any:
        return app_client.post(
            "/audits/poll/observations",
            data={
                "csrf_token": token,
                "batch": [b["batch"] for b in part],
                "position": [str(b["position"]) for b in part],
                "audited": [
                    "c0" if truth(b["batch"], b["position"]) == "A" else "c1" for b in part
                ],
            },
            follow_redirects=False,
        )

    assert post(ballots[:half]).status_code == 303
    state = app_client.get("/api/audits/poll").json()
    assert (state["observed"], state["missing"], state["rounds"]) == (half, len(ballots) - half, [])
    assert "No round measured yet" in app_client.get("/audits/poll").text
    assert post(ballots[half:]).status_code == 303
    (measured,) = app_client.get("/api/audits/poll").json()["rounds"]
    printed = cli(app_client, database_path, "audit", "risk", "--audit", "poll")
    assert (measured["risks"], measured["max_risk"], measured["confirmed"]) == (
        printed["risks"],
        printed["max_risk"],
        printed["confirmed"],
    )
    page = app_client.get("/audits/poll").text
    assert f'data-round="1" data-risk="{measured["max_risk"]}"' in page
    log = audit_log.entries(app_client.app.state.db, action="audit.record", target="audit:poll")  # type: ignore[attr-defined]
    assert [e.actor for e in log] == ["observer", "observer"]
    assert log[0].details["round"] == 1
    assert all(re.fullmatch(r"[0-9a-f]{64}", e.sha256 or "") for e in log)


def test_comparison_readings_through_the_api_give_the_cli_risk(
    app_client: TestClient, database_path: Path, setup: dict[str, Any]
) -> None:
    token = login(app_client, "observer")
    ballots = app_client.get("/api/audits/cvr").json()["sample"]
    readings: list[dict[str, Any]] = [
        {"batch": b["batch"], "position": b["position"]} for b in ballots
    ]
    for reading in readings:
        reading["reported"] = reading["audited"] = truth(reading["batch"], reading["position"])
    readings[0]["audited"] = None  # one overstatement: a reported vote not on the paper
    response = app_client.post(
        "/api/audits/cvr/observations", json={"ballots": readings}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["recorded"], body["missing"]) == (len(readings), 0)
    printed = cli(app_client, database_path, "audit", "risk", "--audit", "cvr")
    assert body["round"]["risks"] == printed["risks"]
    assert body["round"]["confirmed"] == printed["confirmed"]


def test_batch_counts_in_the_page_give_the_cli_risk(
    app_client: TestClient, database_path: Path, setup: dict[str, Any]
) -> None:
    token = login(app_client, "observer")
    drawn = sorted({b["batch"] for b in app_client.get("/api/audits/batches").json()["sample"]})
    incomplete = app_client.post(
        "/audits/batches/observations",
        data={"csrf_token": token, "batch": drawn[0], "votes-0": "60", "votes-1": ""},
    )
    assert incomplete.status_code == 422
    assert "must be a whole number" in incomplete.text
    response = app_client.post(
        "/audits/batches/observations",
        data={"csrf_token": token, "batch": drawn, "votes-0": ["60"] * len(drawn),
              "votes-1": ["39"] + ["40"] * (len(drawn) - 1)},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text[-1000:]
    (measured,) = app_client.get("/api/audits/batches").json()["rounds"]
    printed = cli(app_client, database_path, "audit", "risk", "--audit", "batches")
    assert measured["risks"] == printed["risks"]
    assert measured["confirmed"] == printed["confirmed"]
    page = app_client.get("/audits/batches").text
    assert 'value="39"' in page  # the hand count is shown back


def test_bad_readings_store_nothing(app_client: TestClient, setup: dict[str, Any]) -> None:
    token = login(app_client, "observer")
    before = app_client.get("/api/audits/roles").json()
    first = before["sample"][0]
    bad = [
        ({"ballots": [{"batch": first["batch"], "position": first["position"], "audited": "C"}]},
         "unknown choice 'C'"),
        ({"ballots": [{"batch": "box 9", "position": 1, "audited": "A"}]}, "not in the sample"),
        ({"batches": [{"batch": "p1", "votes": {"A": 1, "B": 1}}]}, "takes ballots"),
        ({"ballots": []}, "takes ballots"),
    ]  # fmt: skip
    for body, message in bad:
        response = app_client.post(
            "/api/audits/roles/observations", json=body, headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 422, body
        assert message in response.json()["detail"], response.json()
    forged = app_client.post(
        "/audits/roles/observations",
        data={"csrf_token": token, "batch": first["batch"], "position": "1", "audited": "c7"},
    )
    assert forged.status_code == 422
    assert "is not a choice of this contest" in forged.text
    assert app_client.get("/api/audits/roles").json() == before
    assert app_client.get("/api/audits/absent").status_code == 404
