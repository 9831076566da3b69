"""Helpers of the web tests: accounts, a sample upload, logging in."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
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


STATION_LISTS = ("Party A", "Party B", "Party C", "Party D")
STATION_LAW = (
    'id = "three-regions"\nname = "Three regions"\ncountry = "Simulated"\n'
    'statute = "constructed for the tests"\ndate = "2025"\n[[tiers]]\nid = "regions"\n'
    'kind = "district"\nformula = "dhondt"\ndistricts = [{id = "R00", seats = 10}, '
    '{id = "R01", seats = 10}, {id = "R02", seats = 10}]\n'
)


def station_files(folder: Path, *, stations: int = 600, planted: str = "R01") -> tuple[Path, Path]:
    """Results and totals per polling station in three regions (``district`` R00-R02):
    clean binomial counts, except that a third of the stations of ``planted`` have their
    turnout and leader's share rounded to whole percentages. Written as ``hemicycle import``
    reads them: ``district,station,list,candidate,votes`` and
    ``district,station,registered,ballots,valid,invalid``."""
    from hemicycle.forensics import simulate

    clean = simulate.clean_stations(stations, seed=7, regions=3)
    rounded = simulate.plant_integer_percentages(clean, 0.3, seed=8)
    here = clean.regions == planted
    registered = clean.registered
    cast = np.where(here, rounded.cast, clean.cast)
    valid = np.where(here, rounded.valid, clean.valid)
    invalid = np.where(here, rounded.invalid, clean.invalid)
    votes = np.where(here[:, None], rounded.votes, clean.votes)
    results = ["district,station,list,candidate,votes"]
    totals = ["district,station,registered,ballots,valid,invalid"]
    for i in range(stations):
        region = clean.regions[i]
        results.extend(
            f"{region},S{i},{name},,{count}"
            for name, count in zip(STATION_LISTS, votes[i], strict=True)
        )
        totals.append(f"{region},S{i},{registered[i]},{cast[i]},{valid[i]},{invalid[i]}")
    paths = folder / "stations.csv", folder / "station_totals.csv"
    for path, lines in zip(paths, (results, totals), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


# Law 4/2023 (preset iraq-2023): in Muthanna, A owes a woman (Amal replaces A4) and then B owes
# one (Buthaina replaces B3); Baghdad's Christian seat (Law 12/2018 art. 13) is a community seat.
QUOTA_RESULTS = (
    "district,list,candidate,votes\n"
    "Muthanna,A,A1,9000\nMuthanna,A,A2,8000\nMuthanna,A,A3,7000\nMuthanna,A,A4,6000\n"
    "Muthanna,A,Amal,1000\nMuthanna,A,A5,500\nMuthanna,B,B1,8000\nMuthanna,B,B2,6000\n"
    "Muthanna,B,B3,5500\nMuthanna,B,Buthaina,900\n"
    "Baghdad (Christian),Babylon,Rayan,5000\nBaghdad (Christian),Assyrian Democratic,Yonadam,4000\n"
)


def quota_candidates() -> str:
    """The candidates file of :data:`QUOTA_RESULTS`: ranks in file order, two women."""
    lines = ["district,list,candidate,gender,rank"]
    ranks: dict[tuple[str, str], int] = {}
    for row in QUOTA_RESULTS.splitlines()[1:]:
        district, party, name, _ = row.split(",")
        ranks[district, party] = ranks.get((district, party), 0) + 1
        gender = "F" if name in ("Amal", "Buthaina") else "M"
        lines.append(f"{district},{party},{name},{gender},{ranks[district, party]}")
    return "\n".join(lines) + "\n"
