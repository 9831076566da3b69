"""The rules of an STV count as data: transfer, quota, rounding, ties; and the laws' presets.

:data:`SCOTTISH` and :data:`NORTHERN_IRELAND` state the two statutory counts of the United
Kingdom; :func:`resolve_rules` builds the exact textbook counts (``gregory``, ``wigm``,
``meek``) when no law is named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from hemicycle.errors import DataError

TRANSFERS = ("gregory", "wigm", "meek")
QUOTAS = ("droop", "hagenbach_bischoff")


@dataclass(frozen=True, slots=True, kw_only=True)
class STVRules:
    """The rules of an STV count, as a law states them.

    Attributes:
        name: id of the rule set (``"scottish"``, ``"northern_ireland"``, or the transfer).
        transfer: ``gregory`` (last parcel), ``wigm`` or ``meek``.
        quota: ``droop`` (``floor(v/(s+1)) + 1``, reached when equalled) or
            ``hagenbach_bischoff`` (``v/(s+1)`` exactly, reached only when exceeded).
        decimals: transfer values are truncated to this many decimal places (None: exact).
        tie_history: how equal candidates are separated before the tie rule: ``forward``
            (the earliest stage at which they had unequal votes), ``backward`` (the most recent
            such stage), or None (straight to the tie rule).
        defer_surpluses: do not transfer surpluses that cannot change who is excluded next
            (Electoral Law Act (NI) 1962 Sch. 5 r. 49(10)).
        bulk_exclusion: exclude together the lowest candidates whose votes, with any surplus
            not transferred, are fewer than the next candidate's (r. 51(12) of the same).
        exclusion_by_parcels: move an excluded candidate's papers one sub-parcel at a time:
            first preferences, then by transfer value, highest first; a candidate reaching the
            quota is deemed elected at once and receives no further papers (r. 51(5)-(9)).
        last_vacancy_rule: with one vacancy left, elect a continuing candidate whose votes are
            at least those of all the others together with any surplus not transferred
            (r. 52(2) of the same).
        zero_exclusion: exclude together all candidates with no votes (no paper moves, so the
            order cannot matter), instead of one by one through the tie rule.
        meek_decimals: Meek keep values are rounded up to this many decimal places.
        meek_tolerance: Meek's iteration stops when the elected candidates' total surplus is
            below this.
        reference: the law or paper that states these rules.
    """

    name: str = "wigm"
    transfer: str = "wigm"
    quota: str = "droop"
    decimals: int | None = None
    tie_history: str | None = None
    defer_surpluses: bool = False
    bulk_exclusion: bool = False
    exclusion_by_parcels: bool = False
    last_vacancy_rule: bool = False
    zero_exclusion: bool = True
    meek_decimals: int = 9
    meek_tolerance: Fraction = field(default_factory=lambda: Fraction(1, 10**5))
    reference: str = ""

    def __post_init__(self) -> None:
        if self.transfer not in TRANSFERS:
            raise DataError(
                f"transfer must be one of {', '.join(TRANSFERS)} (got {self.transfer!r})"
            )
        if self.quota not in QUOTAS:
            raise DataError(f"quota must be one of {', '.join(QUOTAS)} (got {self.quota!r})")
        if self.tie_history not in (None, "forward", "backward"):
            raise DataError(
                f"tie_history must be forward, backward or None (got {self.tie_history!r})"
            )
        if self.decimals is not None and self.decimals < 0:
            raise DataError(f"decimals must be >= 0 (got {self.decimals})")

    def describe(self) -> dict[str, str]:
        """The rules as text, for the result's record."""
        return {
            "rules": self.name,
            "transfer": self.transfer,
            "quota": self.quota,
            "rounding": "exact"
            if self.decimals is None
            else f"transfer values truncated to {self.decimals} decimal places",
            "tie_history": self.tie_history or "none",
            "reference": self.reference,
        }


SCOTTISH = STVRules(
    name="scottish",
    transfer="wigm",
    decimals=5,
    tie_history="backward",
    zero_exclusion=False,
    reference="The Scottish Local Government Elections Order 2007 (SSI 2007/42), Sch. 1 "
    "rr. 45-52: Droop quota (r. 46), weighted inclusive Gregory transfer values to five "
    "decimal places, any remainder ignored (r. 48(3)), largest surplus first, equal surpluses "
    "and exclusions decided by the most recent preceding stage with unequal votes, then by lot "
    "(rr. 49, 51)",
)
"""Scottish local-government elections since 2007."""

NORTHERN_IRELAND = STVRules(
    name="northern_ireland",
    transfer="gregory",
    decimals=2,
    tie_history="forward",
    defer_surpluses=True,
    bulk_exclusion=True,
    exclusion_by_parcels=True,
    last_vacancy_rule=True,
    zero_exclusion=False,
    reference="Electoral Law Act (Northern Ireland) 1962, Sch. 5 rr. 48-52 (as substituted "
    "by the Local Elections (Northern Ireland) Order 1985, SI 1985/454), applied to Assembly "
    "elections by the Northern Ireland Assembly (Elections) Order 2001: Droop quota, Gregory "
    "transfer of the last parcel at values to two decimal places (remainder ignored), deferred "
    "surpluses, bulk exclusion, exclusion by sub-parcels, ties by the earliest stage with "
    "unequal votes, then by lot",
)
"""Northern Ireland Assembly and local elections."""

RULES: Mapping[str, STVRules] = MappingProxyType(
    {"scottish": SCOTTISH, "northern_ireland": NORTHERN_IRELAND}
)


def resolve_rules(transfer: str | None = None, rules: str | STVRules | None = None) -> STVRules:
    """The rules of a count from a transfer id and/or a named rule set.

    >>> resolve_rules("gregory").name, resolve_rules(rules="scottish").transfer
    ('gregory', 'wigm')
    >>> resolve_rules("meek", "scottish")
    Traceback (most recent call last):
    ...
    hemicycle.errors.DataError: rules 'scottish' use the wigm transfer (got transfer 'meek')
    """
    if rules is None:
        chosen = transfer or "wigm"
        if chosen not in TRANSFERS:
            raise DataError(f"transfer must be one of {', '.join(TRANSFERS)} (got {chosen!r})")
        return STVRules(
            name=chosen,
            transfer=chosen,
            exclusion_by_parcels=chosen == "gregory",
            reference=_GENERIC[chosen],
        )
    if isinstance(rules, str):
        if rules not in RULES:
            raise DataError(f"rules must be one of {', '.join(RULES)} (got {rules!r})")
        rules = RULES[rules]
    if transfer is not None and transfer != rules.transfer:
        raise DataError(
            f"rules {rules.name!r} use the {rules.transfer} transfer (got transfer {transfer!r})"
        )
    return rules


_GENERIC = {
    "gregory": "Gregory transfer of the last parcel, exact (J. B. Gregory, 1880; ERS, "
    "Newland & Britton 1997 §5.2)",
    "wigm": "weighted inclusive Gregory method, exact (SSI 2007/42 Sch. 1 r. 48 without rounding)",
    "meek": "Meek's method (B. L. Meek 1969; Hill, Wichmann & Woodall, Algorithm 123, "
    "Computer Journal 30 (1987) 277-281)",
}


def droop_quota(valid: int, seats: int) -> Fraction:
    """The Droop quota: ``floor(valid / (seats + 1)) + 1``.

    >>> droop_quota(41254, 3)
    Fraction(10314, 1)
    """
    return Fraction(valid // (seats + 1) + 1)


def truncate(value: Fraction, decimals: int | None) -> Fraction:
    """``value`` truncated to ``decimals`` places ("any remainder being ignored").

    >>> truncate(Fraction(2, 3), 5)
    Fraction(33333, 50000)
    """
    if decimals is None:
        return value
    scale = 10**decimals
    return Fraction(value.numerator * scale // value.denominator, scale)


__all__ = [
    "NORTHERN_IRELAND",
    "QUOTAS",
    "RULES",
    "SCOTTISH",
    "TRANSFERS",
    "STVRules",
    "droop_quota",
    "resolve_rules",
    "truncate",
]
