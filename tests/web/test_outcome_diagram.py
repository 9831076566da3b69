"""The outcome page of the web app: reserved seats ringed, lists ordered as asked, and the
elected members with how each was elected (Law 4/2023's women's quota, a community seat)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_helpers import QUOTA_RESULTS, login, quota_candidates

from hemicycle.law.outcome import HOW

ELECTION = "Muthanna and Baghdad (Christian)"


@pytest.fixture(scope="module")
def outcome_id(app_client: TestClient) -> int:
    token = login(app_client, "editor")
    imported = app_client.post(
        "/import",
        data={"csrf_token": token, "name": ELECTION},
        files={
            "file": ("results.csv", QUOTA_RESULTS.encode(), "text/csv"),
            "candidates": ("candidates.csv", quota_candidates().encode(), "text/csv"),
        },
        follow_redirects=False,
    )
    assert imported.status_code == 303, imported.text[-2000:]
    counted = app_client.post(
        imported.headers["location"] + "/outcomes",
        data={"csrf_token": token, "preset": "iraq-2023", "partial": "true"},
        follow_redirects=False,
    )
    assert counted.status_code == 303, counted.text[-2000:]
    return int(counted.headers["location"].rsplit("/", 1)[1])


def _ringed(svg: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in re.findall(r'<circle class="seat reserved"[^>]*data-list="([^"]*)"', svg):
        counts[name] = counts.get(name, 0) + 1
    return counts


def _order(svg: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'class="seat[^"]*"[^>]*data-list="([^"]*)"', svg)))


def test_outcome_page_rings_the_quota_and_community_seats(
    app_client: TestClient, outcome_id: int
) -> None:
    login(app_client, "observer")
    page = app_client.get(f"/outcomes/{outcome_id}")
    assert page.status_code == 200
    members = app_client.get(f"/api/outcomes/{outcome_id}").json()["outcome"]["elected"]
    reserved = [m for m in members if m["how"] in ("women_quota", "reserved")]
    assert sum(_ringed(page.text).values()) == len(reserved) == 3
    assert _ringed(page.text) == {"A": 1, "B": 1, "Babylon": 1}
    assert 'id="diagram-options"' in page.text
    svg = app_client.get(f"/outcomes/{outcome_id}/diagram.svg").text
    assert _ringed(svg) == {"A": 1, "B": 1, "Babylon": 1}
    plain = app_client.get(f"/outcomes/{outcome_id}/diagram.svg", params={"reserved": "false"})
    assert _ringed(plain.text) == {}


def test_outcome_page_orders_the_lists_along_an_axis(
    app_client: TestClient, outcome_id: int
) -> None:
    login(app_client, "observer")
    assert _order(app_client.get(f"/outcomes/{outcome_id}").text) == ["A", "B", "Babylon"]
    params = {"order": "axis", "axis": "Babylon,B,A"}
    page = app_client.get(f"/outcomes/{outcome_id}", params=params)
    assert page.status_code == 200
    assert _order(page.text) == ["Babylon", "B", "A"]
    assert 'value="Babylon, B, A"' in page.text
    assert "diagram.svg?order=axis&amp;axis=Babylon%2C+B%2C+A&amp;reserved=true" in page.text
    report = app_client.get(f"/outcomes/{outcome_id}/report.html", params=params).text
    assert _order(report) == ["Babylon", "B", "A"]
    for bad, reason in [
        ({"order": "left"}, "order must be size or axis"),
        ({"order": "axis"}, "order=axis needs axis"),
        ({"order": "axis", "axis": "Nobody"}, "Nobody"),
    ]:
        refused = app_client.get(f"/outcomes/{outcome_id}/diagram.svg", params=bad)
        assert refused.status_code == 422
        assert reason in refused.text


def test_outcome_page_and_report_list_the_elected_members(
    app_client: TestClient, outcome_id: int
) -> None:
    login(app_client, "observer")
    page = app_client.get(f"/outcomes/{outcome_id}").text
    report = app_client.get(f"/outcomes/{outcome_id}/report.html").text
    for html in (page, report):
        section = html[html.index("Elected members") :]
        rows = re.findall(
            r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", section
        )
        people = {row[2]: tuple(unescape(cell) for cell in row) for row in rows}
        assert people["Amal"] == ("Muthanna", "A", "Amal", HOW["women_quota"])
        assert people["Buthaina"] == ("Muthanna", "B", "Buthaina", HOW["women_quota"])
        assert people["Rayan"] == ("Baghdad (Christian)", "Babylon", "Rayan", HOW["reserved"])
        assert people["A1"][3] == HOW["personal_votes"]
        assert "A4" not in people
        assert "B3" not in people


def test_compare_laws_rings_each_laws_reserved_seats(
    app_client: TestClient, outcome_id: int
) -> None:
    login(app_client, "observer")
    page = app_client.get(
        f"/elections/{quote(ELECTION, safe='')}/compare",
        params={"law": "iraq-2023", "partial": "true"},
    )
    assert page.status_code == 200, page.text[-1000:]
    assert _ringed(page.text) == {"A": 1, "B": 1, "Babylon": 1}
