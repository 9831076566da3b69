"""Legal thresholds with alternatives: a list qualifies when it passes any test the law gives.

Tests are compared exactly by cross-multiplication: ``votes * 100 >= 5 * total`` for 5%
(Bundeswahlgesetz §4(2): "mindestens 5 vom Hundert"); ``votes * seats >= k * total`` for ``k``
electoral quotients (Lebanon, Law 44/2017 art. 99: lists that did not reach the electoral
quotient are excluded; Iraq, CPA Order 96 of 2004 and IECI Regulation 11).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

from hemicycle.errors import DataError
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.schema import Threshold


@cache
def share(text: str) -> Fraction:
    """A percentage as an exact fraction (cached: projections ask for it once per block).

    >>> share("4%"), share("2.5%")
    (Fraction(1, 25), Fraction(1, 40))
    """
    return Fraction(text.strip().removesuffix("%").strip()) / 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Standing:
    """What a threshold looks at beyond the district: national votes and constituency wins."""

    national: Mapping[str, int] = field(default_factory=dict)
    national_total: int = 0
    wins: Mapping[str, int] = field(default_factory=dict)
    regions: Mapping[str, int] = field(default_factory=dict)


def qualifies(
    threshold: Threshold,
    party: str,
    votes: int,
    *,
    district_total: int,
    quota_total: int,
    seats: int,
    standing: Standing,
) -> tuple[bool, str]:
    """Whether ``party`` passes ``threshold``, and the reason in words.

    ``district_total`` is the valid vote of the district; ``quota_total`` what the electoral
    quotient is taken of (blank ballots included where the law says so).

    >>> t = Threshold(national="5%", constituency_wins=3, wins_in="wk", exempt=("SSW",))
    >>> passed, reason = qualifies(t, "BSW", 2_472_947, district_total=0, quota_total=0,
    ...     seats=630, standing=Standing(national={"BSW": 2_472_947}, national_total=49_649_512))
    >>> passed, reason
    (False, 'BSW has 2472947 of 49649512 votes nationally, below 5%, and 0 constituency wins, \
below 3')
    """
    if party in threshold.exempt:
        return True, f"{party} is exempt from the threshold"
    failures: list[str] = []
    if threshold.national is not None:
        need = share(threshold.national)
        have = standing.national.get(party, 0)
        if have * need.denominator >= need.numerator * standing.national_total:
            return True, f"{party} has at least {threshold.national} nationally"
        failures.append(
            f"{have} of {standing.national_total} votes nationally, below {threshold.national}"
        )
    if threshold.district is not None:
        need = share(threshold.district)
        if votes * need.denominator >= need.numerator * district_total:
            return True, f"{party} has at least {threshold.district} in the district"
        failures.append(f"{votes} of {district_total} votes here, below {threshold.district}")
    if threshold.quotas is not None:
        if votes * seats >= threshold.quotas * quota_total:
            return True, f"{party} reaches the electoral quotient"
        quotient = Fraction(quota_total, seats)
        failures.append(
            f"{votes} votes, below {threshold.quotas} electoral quotient"
            f"{'s' if threshold.quotas > 1 else ''} of {_text(quotient)}"
        )
    if threshold.constituency_wins is not None:
        won = standing.wins.get(party, 0)
        if won >= threshold.constituency_wins:
            return True, f"{party} won {won} constituencies"
        failures.append(f"{won} constituency wins, below {threshold.constituency_wins}")
    if threshold.regions is not None:
        reached = standing.regions.get(party, 0)
        if reached >= threshold.regions:
            return True, f"{party} has the votes per constituency seat in {reached} regions"
        failures.append(
            f"the votes per constituency seat in {reached} regions, below {threshold.regions}"
        )
    return False, f"{party} has " + ", and ".join(failures)


def share_base(threshold: Threshold | None, entry: DistrictBallots) -> int:
    """What a district's shares are taken of: its valid votes (the totals' valid column where
    given, else the lists' votes), or, where the threshold's ``base`` is ``cast``, every ballot
    cast (the totals' ballots column, else valid and invalid votes together).

    >>> from hemicycle.types import DistrictTotals
    >>> entry = DistrictBallots(district="València", lists={"A": 900, "B": 60},
    ...                         totals=DistrictTotals(district="València", valid=980, invalid=20))
    >>> share_base(Threshold(national="5%"), entry), share_base(
    ...     Threshold(national="5%", base="cast"), entry)
    (980, 1000)
    """
    totals = entry.totals
    given = totals.valid if totals is not None else None
    valid = given if given is not None else entry.valid
    if threshold is None or threshold.base == "valid":
        return valid
    if totals is not None and totals.ballots is not None:
        return totals.ballots
    if totals is not None and totals.invalid is not None:
        return valid + totals.invalid
    raise DataError(
        f"the threshold is a share of the votes cast, but the totals of {entry.district!r} give "
        "neither the ballots cast nor the invalid votes"
    )


def _text(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


__all__ = ["Standing", "qualifies", "share", "share_base"]
