"""The real elections of the ``interregnum`` package, each translated into a hemicycle law and
results and counted by hemicycle.

Every file of the package's ``tests/examples`` folder has an entry here: an election counted
under a preset (or a law built from the schema with the preset's rules and the year's district
magnitudes, or the core for pure apportionments), with the seats the file records as the
published outcome, or the reason it cannot be compared. A divergence is recorded with its
reason *and* the exact seats that differ, so that any change in either shows up.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from certified import biproportional, tabulate
from interregnum_fixtures import Ballot, division, examples_root, leaves, read

from hemicycle.law import load_law
from hemicycle.law.schema import District, Law, Threshold, Tier
from hemicycle.types import ResultRow, Results

Seats = dict[str, int]
"""Seats by ``district · list`` (``list`` alone for national seats)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """The seats a file publishes and the seats hemicycle computes."""

    expected: Seats
    actual: Seats

    def differences(self) -> dict[str, tuple[int, int]]:
        """``key: (published, computed)`` wherever they differ."""
        keys = sorted(set(self.expected) | set(self.actual))
        return {
            key: (self.expected.get(key, 0), self.actual.get(key, 0))
            for key in keys
            if self.expected.get(key, 0) != self.actual.get(key, 0)
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Divergence:
    """Why a file's outcome is not reproduced, and exactly which seats differ."""

    reason: str
    seats: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """One election file: what it is, the law that counts it, and how; ``note`` says what a
    reader should know of a file that is reproduced (a mislabel, a rule it encodes its own way).
    """

    fixture: str
    election: str
    law: str
    count: Callable[[], Comparison] | None
    divergence: Divergence | None = None
    note: str | None = None


def key(district: str | None, party: str) -> str:
    return f"{district} · {party}" if district else party


def published(ballots: Iterable[Ballot], *, national: bool = False) -> Seats:
    seats: Seats = {}
    for entry in ballots:
        for party, won in entry.won.items():
            where = None if national else entry.name
            seats[key(where, party)] = seats.get(key(where, party), 0) + won
    return seats


def counted(
    districts: Mapping[str, Mapping[str, int]], names: Iterable[str] | None = None
) -> Seats:
    wanted = None if names is None else set(names)
    return {
        key(name, party): won
        for name, by_list in districts.items()
        if wanted is None or name in wanted
        for party, won in by_list.items()
        if won
    }


def results(ballots: Iterable[Ballot], *, blank_valid: bool = True) -> Results:
    entries = list(ballots)
    return Results(
        rows=tuple(row for entry in entries for row in entry.rows()),
        totals=tuple(entry.totals(blank_valid=blank_valid) for entry in entries),
    )


def by_alliance(entry: Ballot) -> Ballot:
    """A district's lists under the name of the party they stand for (``alliance``)."""
    votes: dict[str, int] = {}
    won: dict[str, int] = {}
    for name, count in entry.votes.items():
        party = entry.alliance.get(name, name)
        votes[party] = votes.get(party, 0) + count
        if name in entry.won:
            won[party] = won.get(party, 0) + entry.won[name]
    entry.votes, entry.won, entry.alliance = votes, won, {}
    return entry


def with_districts(law: Law, tier_id: str, districts: Iterable[District]) -> Law:
    """``law`` with the districts of one tier replaced (the magnitudes of another year)."""
    data = law.model_dump()
    for tier in data["tiers"]:
        if tier["id"] == tier_id:
            tier["districts"] = [d.model_dump() for d in districts]
    return Law.model_validate(data)


def one_tier(
    law_id: str,
    name: str,
    statute: str,
    ballots: Iterable[Ballot],
    formula: str,
    threshold: Threshold | None = None,
) -> Law:
    """A law of one district tier (a municipality, a region, a single national district)."""
    return Law(
        id=law_id,
        name=name,
        country="(conformance)",
        statute=statute,
        date="2000",
        tiers=(
            Tier(
                id="main",
                kind="district",
                formula=formula,
                threshold=threshold,
                lists="none",
                districts=tuple(District(id=b.name, seats=b.seats) for b in ballots),
            ),
        ),
    )


# --- Spain -------------------------------------------------------------------------------------

_PROVINCE_NAMES = {
    "Gipuzkoa / Guipúzcoa": "Gipuzkoa",
    "Araba - Álava": "Araba/Álava",
}


def province(name: str) -> str:
    """The preset's name of a Spanish province as the files spell it over the years."""
    name = _PROVINCE_NAMES.get(name, name).replace(" / ", "/")
    if ", " in name:
        main, article = name.split(", ", 1)
        name = f"{article} {main}"
    return name


def spain_congress(fixture: str) -> Comparison:
    """Congreso de los Diputados: the ``spain-loreg`` preset with the year's magnitudes."""
    entries = [b for b in leaves(read(fixture)) if b.seats]
    for entry in entries:
        entry.name = province(entry.name)
    law = with_districts(
        load_law("spain-loreg"),
        "provinces",
        [District(id=b.name, seats=b.seats) for b in entries],
    )
    outcome = tabulate(law, results(entries))
    return Comparison(expected=published(entries), actual=counted(outcome.districts))


def spain_one_tier(
    fixture: str, statute: str, threshold: Threshold | None, *, alliances: bool = False
) -> Comparison:
    entries = [b for b in leaves(read(fixture)) if b.seats]
    if alliances:
        entries = [by_alliance(b) for b in entries]
    law = one_tier("es", fixture, statute, entries, "dhondt", threshold)
    outcome = tabulate(law, results(entries))
    return Comparison(expected=published(entries), actual=counted(outcome.districts))


def spain_apportionment(fixture: str) -> Comparison:
    """LOREG art. 162: Ceuta and Melilla one deputy each; every province two, and the other
    248 by Hare quota and largest remainders of the provinces' population."""
    parts = {part.get("initial_seats"): part for part in read(fixture)["divisions"]}
    cities = list(leaves(parts[1]))
    (provinces,) = leaves(parts[2])
    share = provinces_share(provinces.votes)
    actual = {name: 2 + share[name] for name in provinces.votes}
    for city in cities:
        actual.update(dict.fromkeys(city.votes, 1))
    expected = dict(provinces.won)
    for city in cities:
        expected.update(city.won)
    return Comparison(expected=expected, actual=actual)


def provinces_share(population: Mapping[str, int]) -> dict[str, int]:
    """LOREG art. 162.3: the 248 seats after the provinces' two, by a law of one district
    (Spain) whose lists are the provinces, their population the votes, by Hare quota."""
    law = Law(
        id="spain-loreg-art162",
        name="Spain, deputies per province",
        country="Spain",
        statute="LOREG art. 162.3",
        date="1985-06-19",
        tiers=(
            Tier(
                id="provinces",
                kind="district",
                formula="hare",
                lists="none",
                districts=(District(id="España", seats=248),),
            ),
        ),
    )
    rows = tuple(
        ResultRow(district="España", list=name, candidate=None, votes=count)
        for name, count in population.items()
    )
    outcome = tabulate(law, Results(rows=rows))
    return {name: outcome.districts["España"].get(name, 0) for name in population}


def spain_chained(fixture: str) -> Comparison:
    """Congress 2015 from the census: LOREG art. 162 magnitudes from the provinces'
    population, then art. 163 seats from the votes, both read from the file's CSV tables."""
    folder = examples_root()
    assert folder is not None
    base = (folder / fixture).parent

    def table(name: str) -> list[dict[str, str]]:
        with (base / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    census = table("censo_provincial_2015.csv")
    cities = "Ciudades autónomas"
    provinces = {r["name"]: int(r["votes"]) for r in census if r["district"] != cities}
    share = provinces_share(provinces)
    magnitudes = {name: 2 + share[name] for name in provinces}
    magnitudes.update({r["name"]: 1 for r in census if r["district"] == cities})
    expected = {key("magnitude", r["name"]): int(r["seats"]) for r in census}
    actual = {key("magnitude", name): n for name, n in magnitudes.items()}
    entries: dict[str, Ballot] = {}
    for row in table("votos_generales_2015.csv"):
        entry = entries.setdefault(row["district"], Ballot(name=row["district"], seats=None))
        if row["name"].startswith("?"):
            entry.blank += int(row["votes"])
        elif row["name"].startswith("!"):
            entry.invalid += int(row["votes"])
        else:
            entry.votes[row["name"]] = int(row["votes"])
            if row["seats"] and int(row["seats"]):
                entry.won[row["name"]] = int(row["seats"])
    law = with_districts(
        load_law("spain-loreg"),
        "provinces",
        [District(id=name, seats=magnitudes[name]) for name in entries],
    )
    outcome = tabulate(law, results(entries.values()))
    expected.update(published(entries.values()))
    actual.update(counted(outcome.districts))
    return Comparison(expected=expected, actual=actual)


def spain_senate(fixture: str) -> Comparison:
    """Senate, LOREG art. 166: limited vote, the candidates with most votes are elected."""
    entries = [b for b in leaves(read(fixture)) if b.seats]
    law = Law(
        id="es-senado",
        name="Senado",
        country="Spain",
        statute="LOREG art. 165-166",
        date="1985",
        tiers=(
            Tier(
                id="main",
                kind="district",
                formula="block",
                districts=tuple(District(id=b.name, seats=b.seats) for b in entries),
            ),
        ),
    )
    rows = tuple(
        ResultRow(district=b.name, list=b.alliance.get(n, n), candidate=n, votes=v)
        for b in entries
        for n, v in b.votes.items()
    )
    outcome = tabulate(law, Results(rows=rows))
    expected = {key(b.name, n): 1 for b in entries for n in b.won}
    actual = {key(e.district, e.candidate): 1 for e in outcome.elected}
    return Comparison(expected=expected, actual=actual)


# --- single allocations --------------------------------------------------------------------------


def single_district(
    fixture: str, formula: str, statute: str, threshold: Threshold | None = None
) -> Comparison:
    entries = [b for b in leaves(read(fixture)) if b.seats]
    law = one_tier("single", fixture, statute, entries, formula, threshold)
    outcome = tabulate(law, results(entries, blank_valid=False))
    return Comparison(expected=published(entries), actual=counted(outcome.districts))


def belgium(fixture: str, commune: str) -> Comparison:
    """A Brussels commune under the ``belgium-communal`` preset (Imperiali divisors)."""
    (entry,) = leaves(read(fixture))
    entry.name = commune
    outcome = tabulate("belgium-communal", results([entry]), partial=True)
    return Comparison(expected=published([entry]), actual=counted(outcome.districts))


def us_house(fixture: str) -> Comparison:
    """2 U.S.C. §2a: 435 seats by Huntington-Hill, one at least for every state, counted
    under the ``us-house`` preset (each state a list of the district "United States")."""
    (entry,) = leaves(read(fixture))
    assert (entry.seats or 0) + len(entry.votes) == 435
    rows = tuple(
        ResultRow(district="United States", list=state, candidate=None, votes=population)
        for state, population in entry.votes.items()
    )
    outcome = tabulate("us-house", Results(rows=rows))
    return Comparison(expected=dict(entry.won), actual=dict(outcome.districts["United States"]))


def zurich(fixture: str) -> Comparison:
    """Zurich, Gesetz über die politischen Rechte §102-103 (2006): biproportional
    apportionment by Sainte-Laguë of the voter numbers the file gives."""
    doc = read(fixture)
    table = division(doc, "Wahlkreise")
    votes: dict[str, dict[str, int]] = {}
    expected: Seats = {}
    for item in table["candidates"]:
        votes.setdefault(item["district"], {})[item["name"]] = int(item["votes"])
        if item.get("seats"):
            expected[key(item["district"], item["name"])] = int(item["seats"])
    magnitudes = {
        item["name"]: int(item["min_seats"])
        for item in division(doc, "biproportional")["district_seats"]["candidates"]
    }
    result = biproportional(votes, magnitudes, method="sainte_lague")
    return Comparison(expected=expected, actual=counted(result.seats))


# --- levelling seats (Norway, Iceland) ------------------------------------------------------------


def bare(name: str) -> str:
    """A district's name without the file's bracketed number or translation."""
    return name.rsplit(" [", 1)[0]


def levelling_election(
    fixture: str, preset: str, group: str, *, blank_valid: bool = True
) -> Comparison:
    """Constituency seats and levelling seats placed in constituencies, under ``preset`` with
    the year's constituency magnitudes and levelling seats."""
    doc = read(fixture)
    node = division(doc, group)
    entries = list(leaves(node))
    levelling_won: Seats = {}
    room: dict[str, int] = {}
    for entry, raw in zip(entries, node["divisions"], strict=True):
        entry.name = bare(entry.name)
        room[entry.name] = int(raw.get("max_adjustment_seats", 0))
        for item in raw["candidates"]:
            extra = (item.get("meta") or {}).get("adjustment_seats")
            if extra:
                levelling_won[key(entry.name, str(item["name"]))] = int(extra)
    law = load_law(preset)
    law = with_districts(
        law, "constituencies", [District(id=b.name, seats=b.seats) for b in entries]
    )
    law = with_districts(
        law, "levelling", [District(id=name, seats=n) for name, n in room.items() if n]
    )
    outcome = tabulate(law, results(entries, blank_valid=blank_valid))
    expected = published(entries)
    for name, won in levelling_won.items():
        expected[name] = expected.get(name, 0) + won
    return Comparison(expected=expected, actual=counted(outcome.districts))


# --- registry ----------------------------------------------------------------------------------

LOREG_CONGRESS = "LOREG (Ley Orgánica 5/1985) art. 162-163"


def _cases() -> list[Case]:
    # the counts in modules of their own build on this module's helpers
    from interregnum_australia import australia
    from interregnum_denmark import denmark
    from interregnum_mixed import bundestag, new_zealand, scotland
    from interregnum_synthetic import condorcet_cities

    cases: list[Case] = []

    def add(
        fixture: str,
        election: str,
        law: str,
        count: Callable[[], Comparison] | None,
        divergence: Divergence | None = None,
        note: str | None = None,
    ) -> None:
        cases.append(
            Case(
                fixture=fixture,
                election=election,
                law=law,
                count=count,
                divergence=divergence,
                note=note,
            )
        )

    for year in (
        "1977",
        "1979",
        "1982",
        "1986",
        "1989",
        "1993",
        "1996",
        "2000",
        "2004",
        "2008",
        "2011",
        "2011_b",
        "2015",
        "2016",
    ):
        fixture = f"es/generales/es_generales_diputados_{year}.yaml"
        add(
            fixture,
            f"Spain, Congress of Deputies {year[:4]}",
            "spain-loreg",
            lambda f=fixture: spain_congress(f),
        )
    for year in ("1993", "1996", "2000", "2004", "2008", "2011", "2015"):
        fixture = f"es/generales/es_generales_diputados_{year}_distribucion.yaml"
        add(
            fixture,
            f"Spain, seats per province {year}",
            "law object: hare (LOREG art. 162)",
            lambda f=fixture: spain_apportionment(f),
        )
    add(
        "es/generales/es_generales_diputados_completo_2015.yaml",
        "Spain, Congress of Deputies 2015, from the census to the seats",
        "law object: hare (LOREG art. 162), then spain-loreg",
        lambda: spain_chained("es/generales/es_generales_diputados_completo_2015.yaml"),
    )
    add(
        "es/generales/es_generales_senado_2011.yaml",
        "Spain, Senate 2011",
        "law object: block (limited) vote, LOREG art. 166",
        lambda: spain_senate("es/generales/es_generales_senado_2011.yaml"),
    )
    three = Threshold(district="3%")
    for fixture, name, statute in (
        ("es/aut/es_aut_andalucia_2008.yaml", "Andalusia 2008", "Ley 1/1986 art. 18"),
        ("es/aut/es_aut_andalucia_2012.yaml", "Andalusia 2012", "Ley 1/1986 art. 18"),
        ("es/aut/es_aut_andalucia_2015.yaml", "Andalusia 2015", "Ley 1/1986 art. 18"),
        ("es/aut/es_aut_catalunya_2010.yaml", "Catalonia 2010", "LOREG art. 163 (DT 2a EAC)"),
        ("es/aut/es_aut_catalunya_2012.yaml", "Catalonia 2012", "LOREG art. 163 (DT 2a EAC)"),
        ("es/aut/es_aut_catalunya_2015.yaml", "Catalonia 2015", "LOREG art. 163 (DT 2a EAC)"),
    ):
        add(
            fixture,
            f"Spain, {name} (regional)",
            f"law object: D'Hondt, 3% in the province ({statute})",
            lambda f=fixture, s=statute: spain_one_tier(f, s, three),
        )
    add(
        "es/aut/es_aut_canarias_2011.yaml",
        "Spain, Canary Islands 2011 (regional)",
        "law object: D'Hondt, 30% in the island or 6% in the region (Estatuto 1996, DT 1a)",
        lambda: spain_one_tier(
            "es/aut/es_aut_canarias_2011.yaml",
            "Estatuto de Canarias DT 1a",
            Threshold(district="30%", national="6%"),
        ),
    )
    for fixture, year in (
        ("es/aut/es_aut_comunidad_valenciana_2007.yaml", "2007"),
        ("es/aut/es_aut_comunidad_valenciana_2012.yaml", "2011"),
    ):
        add(
            fixture,
            f"Spain, Valencian Community {year} (regional)",
            "law object: D'Hondt, 5% of the votes cast in the Community (Ley 1/1987 art. 12)",
            lambda f=fixture: spain_one_tier(
                f, "Ley 1/1987 art. 12", Threshold(national="5%", base="cast"), alliances=True
            ),
        )
    add(
        "es/aut/es_aut_extremadura_2011.yaml",
        "Spain, Extremadura 2011 (regional)",
        "law object: D'Hondt, 5% in the province or in the region (Ley 2/1987 art. 19)",
        lambda: spain_one_tier(
            "es/aut/es_aut_extremadura_2011.yaml",
            "Ley 2/1987 art. 19",
            Threshold(district="5%", national="5%"),
        ),
    )
    for year in ("1994", "1999", "2009", "2014"):
        fixture = f"es/euro/es_euro_{year}.yaml"
        add(
            fixture,
            f"Spain, European Parliament {year}",
            "law object: D'Hondt, one district (LOREG art. 214-216)",
            lambda f=fixture: spain_one_tier(f, "LOREG art. 216", None),
        )
    for town in (
        "algeciras",
        "barcelona",
        "bilbao",
        "elgoibar",
        "madrid",
        "malaga",
        "mieres",
        "sevilla",
        "valencia",
    ):
        fixture = f"es/loc/es_loc_{town}_2011.yaml"
        add(
            fixture,
            f"Spain, {town.capitalize()} city council 2011",
            "law object: D'Hondt, 5% of valid votes (LOREG art. 180)",
            lambda f=fixture: spain_one_tier(f, "LOREG art. 180", Threshold(district="5%")),
        )
    for town in ("anderlecht", "bruxelles"):
        fixture = f"be/be_loc_{town}_2012.yaml"
        add(
            fixture,
            f"Belgium, {town.capitalize()} communal council 2012",
            "belgium-communal",
            lambda f=fixture, t=town: belgium(f, t.capitalize()),
        )
    add(
        "de/de_euro_2009.yaml",
        "Germany, European Parliament 2009",
        "law object: Sainte-Laguë, 5% (EuWG §2(6) as of 2009)",
        lambda: single_district(
            "de/de_euro_2009.yaml", "sainte_lague", "EuWG §2", Threshold(district="5%")
        ),
    )
    add(
        "de/de_euro_2014.yaml",
        "Germany, European Parliament 2014",
        "law object: Sainte-Laguë, no threshold (BVerfG 2 BvE 2/13, 26 Feb 2014)",
        lambda: single_district("de/de_euro_2014.yaml", "sainte_lague", "EuWG §2"),
    )
    for year in ("2000", "2010"):
        fixture = f"us/us_congress_seat_apportionment_{year}.yaml"
        add(
            fixture,
            f"United States, House apportionment {year}",
            "us-house",
            lambda f=fixture: us_house(f),
        )
    add(
        "ch/ch_zurich_canton_parliament_2006.yaml",
        "Switzerland, Zurich cantonal parliament 2006",
        "core: biproportional (Sainte-Laguë)",
        lambda: zurich("ch/ch_zurich_canton_parliament_2006.yaml"),
    )
    for year in ("2009", "2013", "2017", "2021"):
        fixture = f"no/no_stortingsvalg_{year}.yaml"
        add(
            fixture,
            f"Norway, Storting {year}",
            "norway-2005",
            lambda f=fixture: levelling_election(f, "norway-2005", "valgdistrikter"),
        )
    for year in ("2009", "2009_b", "2013"):
        fixture = f"is/is_althingi_{year}.yaml"
        add(
            fixture,
            f"Iceland, Althing {year[:4]}",
            "iceland-2000",
            lambda f=fixture: levelling_election(f, "iceland-2000", "kjördæmi", blank_valid=False),
        )
    for year in ("2011", "2011_b", "2014"):
        fixture = f"nz/nz_general_{year}.yaml"
        add(
            fixture,
            f"New Zealand, House of Representatives {year[:4]}",
            "new-zealand-mmp",
            lambda f=fixture: new_zealand(f),
        )
    for fixture, election in (
        ("uk/uk_sco_parliament_2007.yaml", "United Kingdom, Scottish Parliament 2007"),
        ("uk/uk_sco_parliament_2011.yaml", "United Kingdom, Scottish Parliament 2011"),
        (
            "uk/uk_sco_highlands_and_islands_2011.yaml",
            "Scottish Parliament 2011, Highlands and Islands",
        ),
        (
            "uk/uk_sco_highlands_and_islands_2011_b.yaml",
            "Scottish Parliament 2011, Highlands and Islands (b)",
        ),
        (
            "uk/uk_sco_highlands_and_islands_2011_c.yaml",
            "Scottish Parliament 2011, Highlands and Islands (c)",
        ),
        (
            "uk/uk_sco_highlands_and_islands_2011_d.yaml",
            "Scottish Parliament 2011, Highlands and Islands (d)",
        ),
    ):
        add(fixture, election, "scotland-ams", lambda f=fixture: scotland(f))
    add(
        "de/de_bundestag_2025.yaml",
        "Germany, Bundestag 2025",
        "germany-2023",
        lambda: bundestag("de/de_bundestag_2025.yaml"),
    )
    for name in ("compensatory_overhang", "threshold"):
        add(
            f"synth/{name}.yaml",
            f"Constructed example ({name.replace('_', ' ')})",
            "—",
            None,
            Divergence(reason=SYNTHETIC),
        )
    condorcet = {
        key(division, "Nashville"): (1, 0)
        for division in ("copeland", "minimax", "minimax ref", "ranked pairs", "ranked pairs ref")
    }
    add(
        "synth/condorcet_cities.yaml",
        "Constructed example (condorcet cities)",
        "law object: instant runoff",
        lambda: condorcet_cities("synth/condorcet_cities.yaml"),
        Divergence(reason=CONDORCET, seats=condorcet),
    )
    for year in ("2011", "2015"):
        fixture = f"dk/dk_folketing_{year}.yaml"
        add(
            fixture,
            f"Denmark, Folketing {year}",
            "denmark-folketing",
            lambda f=fixture: denmark(f),
        )
    add(
        "au/au_senate_2002_nt_act.yaml",
        "Australia, Senate, Northern Territory and ACT (labelled 2002)",
        "law object: STV, Droop quota, weighted inclusive Gregory (Commonwealth Electoral Act "
        "1918 s.273, as the file encodes it)",
        lambda: australia("au/au_senate_2002_nt_act.yaml"),
        note=AUSTRALIA,
    )
    return cases


AUSTRALIA = (
    "the file is labelled 2002, but its candidates and ballots are those of the 2022 election "
    "(Price and McCarthy in the Northern Territory, Gallagher and Pocock in the ACT). It "
    "encodes weighted inclusive Gregory transfers with whole votes; the Act (s.273(9)-(10)) "
    "divides a surplus by the number of ballot papers rather than their value and disregards "
    "fractions of votes, a rule the STV core does not transcribe. The last-parcel Gregory "
    "transfer elects the same four senators (`test_australia_senate.py`)"
)
SYNTHETIC = (
    "not an election: a constructed example of interregnum's own system language (overhang "
    "strategies, inclusion by group) with no statute and no published outcome to reproduce; "
    "its votes are counted under hemicycle laws that fit them in `test_synthetic.py`, which "
    "checks that the seats add up and every certificate verifies"
)
CONDORCET = (
    "a constructed example (the Tennessee capital, 100 voters): the two instant-runoff "
    "divisions are counted and elect Knoxville, as recorded, with their certificates verified; "
    "hemicycle has no Condorcet method (Copeland, minimax, ranked pairs), so the five divisions "
    "that elect the Condorcet winner Nashville are not counted"
)


@cache
def cases() -> dict[str, Case]:
    """Every case by fixture path."""
    return {case.fixture: case for case in _cases()}


@cache
def comparison(fixture: str) -> Comparison:
    """The comparison of one case, computed once per run."""
    case = cases()[fixture]
    assert case.count is not None
    return case.count()
