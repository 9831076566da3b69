"""The Australian Senate file of the ``interregnum`` package: two territories' ranked ballots,
read from the file's preference files and counted by hemicycle's single transferable vote.

A preference file names each candidate by a letter (``!a=NAME``) and gives each distinct
ranking with the number of papers that carry it (``5206:a>d>m``, one paper when no number is
given); ``>`` separates preferences.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from certified import tabulate
from interregnum_cases import Comparison, key
from interregnum_fixtures import examples_root, read

from hemicycle.core.ballots import Ballots
from hemicycle.law.schema import District, Law, Tier
from hemicycle.types import CandidateRow, Results


@cache
def preferences(path: Path) -> Ballots:
    """The ranked ballots of a preference file (read once per run)."""
    names: dict[str, str] = {}
    rankings: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("!!"):
            continue
        if line.startswith("!"):
            letter, name = line[1:].split("=", 1)
            names[letter] = name
            continue
        weight, _, marks = line.rpartition(":")
        if "=" in marks:
            raise AssertionError(f"{path.name}:{number}: equal preferences are not STV ballots")
        ranking = tuple(names[letter] for letter in marks.split(">") if letter)
        rankings[ranking] = rankings.get(ranking, 0) + int(weight or 1)
    return Ballots.from_rankings(rankings, candidates=tuple(names.values()))


def senate_law(transfer: str, seats: dict[str, int]) -> Law:
    """A Senate election of the territories: STV with the Droop quota in each territory
    (Commonwealth Electoral Act 1918 s.273(8)), surpluses moved by ``transfer``."""
    return Law(
        id="au-senate-territories",
        name="Senate, territories",
        country="Australia",
        statute="Commonwealth Electoral Act 1918 s.273",
        date="2016",
        tiers=(
            Tier(
                id="territories",
                kind="district",
                formula="stv",
                transfer=transfer,  # type: ignore[arg-type]
                districts=tuple(District(id=name, seats=n) for name, n in seats.items()),
            ),
        ),
    )


def count(fixture: str, transfer: str) -> Comparison:
    """Each territory's senators under ``transfer``, against the members the file records."""
    folder = examples_root()
    assert folder is not None
    doc = read(fixture)
    seats: dict[str, int] = {}
    candidates: list[CandidateRow] = []
    ballots: dict[str, Ballots] = {}
    expected: dict[str, int] = {}
    for node in doc["divisions"]:
        name = str(node["name"])
        seats[name] = int(node["seats"])
        for item in node["candidates"]:
            party = str(item.get("alliance") or item["name"])
            candidates.append(CandidateRow(district=name, list=party, candidate=str(item["name"])))
            if item.get("seats"):
                expected[key(name, str(item["name"]))] = 1
        ballots[name] = preferences((folder / fixture).parent / node["preferences"]["path"])
    outcome = tabulate(
        senate_law(transfer, seats),
        Results(rows=(), candidates=tuple(candidates)),
        ballots=ballots,
    )
    actual = {key(member.district, member.candidate): 1 for member in outcome.elected}
    return Comparison(expected=expected, actual=actual)


def australia(fixture: str) -> Comparison:
    """The count the file encodes: weighted inclusive Gregory transfers."""
    return count(fixture, "wigm")
