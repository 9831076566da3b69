"""The biproportional examples of the R package proporz (``../shared/data``): Uri 2020 and Zug
2018, counted by hemicycle's biproportional apportionment with the certificate verified by the
independent verifier (:mod:`certified`), and compared with the official seat matrices.

The law schema has no biproportional tier kind, so these elections are counted by the core
(:func:`hemicycle.core.biproportional.biproportional`) with the rules the reference file
states as options: Sainte-Laguë in both directions on voter numbers (list votes divided by the
district's seats); for Zug a quorum of 5% of the list votes in one municipality or 3% in the
canton.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from certified import biproportional
from interregnum_cases import Comparison, key

REFERENCE = "biproportional_uri2020_zug2018.json"


def by_district(votes: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """The reference file is list → district; hemicycle takes district → list."""
    districts = next(iter(votes.values())).keys()
    return {d: {p: row[d] for p, row in votes.items()} for d in districts}


def _cells(matrix: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    return {key(d, p): n for d, row in matrix.items() for p, n in row.items() if n}


def uri(data: Mapping[str, Any]) -> Comparison:
    given = data["inputs"]["uri_2020"]
    result = biproportional(by_district(given["votes"]), given["district_seats"], weighted=True)
    return Comparison(
        expected=_cells(by_district(data["expected"]["uri_2020"]["seat_matrix"])),
        actual=_cells(result.seats),
    )


def zug(data: Mapping[str, Any]) -> Comparison:
    given = data["inputs"]["zug_2018"]
    result = biproportional(
        by_district(given["votes"]),
        given["district_seats"],
        weighted=True,
        quorum_district="5%",
        quorum_total="3%",
    )
    return Comparison(
        expected=_cells(by_district(data["expected"]["zug_2018"]["seat_matrix"])),
        actual=_cells(result.seats),
    )


@dataclass(frozen=True, slots=True)
class ProporzCase:
    election: str
    source: str
    rule: str
    count: Callable[[Mapping[str, Any]], Comparison]


CASES = (
    ProporzCase(
        "Switzerland, Uri Landrat 2020 (4 municipalities, 37 seats)",
        "proporz `data-raw/uri2020.R`",
        "biproportional, Sainte-Laguë, weighted voter numbers",
        uri,
    ),
    ProporzCase(
        "Switzerland, Zug Kantonsrat 2018 (11 municipalities, 80 seats)",
        "proporz `tests/testthat/test-zug2018.R`",
        "biproportional, Sainte-Laguë, quorum 5% in one municipality or 3% overall",
        zug,
    ),
)
