"""Seats among lists in one district (or nationally) under a tier's formula and threshold.

The arithmetic is the core's (:func:`hemicycle.core.methods.apportion`); this module decides
what the core is given. Blank ballots that the law counts in the electoral quotient (Lebanon,
Law 44/2017 art. 99) enter as a unit that may hold no seat, so they raise the quotient and can
win nothing. Lists below the threshold are excluded and their votes leave the quotient, which
is recomputed (Lebanon art. 99; Iraq, CPA Order 96 of 2004). Where only lists that won a whole
quotient may take remainder seats, the others are capped at zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.core import methods
from hemicycle.core.result import Allocation, Priority
from hemicycle.core.ties import Tie
from hemicycle.errors import DataError
from hemicycle.law.certify import record
from hemicycle.law.outcome import TraceStep
from hemicycle.law.schema import Tier, Ties
from hemicycle.law.thresholds import Standing, qualifies
from hemicycle.law.ties import ChainTieBreak

BLANK = "(blank ballots)"
"""The unit that carries blank ballots into the electoral quotient."""

QUOTA_FORMULAS = frozenset(
    {"hare", "hamilton", "hare_niemeyer", "droop", "hagenbach_bischoff", "imperiali_quota"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListSeats:
    """Seats per list in one district, with the trace and ties of their allocation."""

    seats: dict[str, int]
    excluded: tuple[str, ...]
    steps: tuple[TraceStep, ...]
    ties: tuple[Tie, ...]
    allocation: Allocation


def list_tie_break(
    ties: Ties, seed: str | None, tables: Mapping[str, Mapping[str, int | Fraction | None]]
) -> ChainTieBreak:
    """The law's chain for ties between lists."""
    return ChainTieBreak(keys=ties.lists, seed=seed, tables=tables)


def seat_text(tier: Tier, where: str, entry: Priority) -> str:
    """One seat in the order of award, with the exact figure that won it.

    Divisor formulas give the quotient (votes over the divisor; Huntington-Hill's priority
    value); quota formulas give a whole quota (the list's votes in quotas) or the remainder.

    >>> from fractions import Fraction
    >>> tier = Tier(id="governorates", kind="district", formula="sainte_lague",
    ...             districts=[{"id": "Baghdad", "seats": 69}])
    >>> seat_text(tier, "Baghdad", Priority(rank=17, house_seat=17, unit="Taqaddum", seat=3,
    ...                                      value=Fraction(12463), text="12463"))
    'Seat 17 of Baghdad: Taqaddum, quotient 12463'
    """
    place = f"the {where} tier" if where == tier.id else where
    if tier.formula not in QUOTA_FORMULAS:
        label = "priority value" if tier.formula == "huntington_hill" else "quotient"
        figure = f"{label} {entry.text}"
    elif entry.value >= 1:  # a seat of the list's whole quotas: its votes in quotas
        figure = f"a whole quota ({entry.text} quotas)"
    else:
        figure = f"largest remainder {entry.text} of a quota"
    return f"Seat {entry.house_seat} of {place}: {entry.unit}, {figure}"


def allocate_lists(
    tier: Tier,
    where: str,
    votes: Mapping[str, int],
    *,
    seats: int,
    blank: int = 0,
    standing: Standing | None = None,
    top_candidate: Mapping[str, int] | None = None,
    ties: Ties,
    seed: str | None,
    prior: Mapping[str, int] | None = None,
    district_total: int | None = None,
) -> ListSeats:
    """Allocate ``seats`` among the lists of ``where`` by the tier's formula.

    ``prior`` are seats the lists hold already (constituency seats in an additional member
    system); ``district_total`` is the valid vote for district shares (by default the sum).
    """
    if BLANK in votes:
        raise DataError(f"{BLANK!r} is reserved for blank ballots and cannot name a list")
    standing = standing or Standing()
    steps: list[TraceStep] = []
    total = sum(votes.values()) if district_total is None else district_total
    in_quota = blank if tier.blank_in_quota else 0
    excluded: list[str] = []
    if tier.threshold is not None:
        for party, count in votes.items():
            passed, reason = qualifies(
                tier.threshold,
                party,
                count,
                district_total=total,
                quota_total=sum(votes.values()) + in_quota,
                seats=seats,
                standing=standing,
            )
            if not passed:
                excluded.append(party)
                steps.append(TraceStep(tier=tier.id, district=where, kind="threshold", text=reason))
    counted = dict(votes)
    caps: dict[str, int] = {}
    if in_quota:
        counted[BLANK] = in_quota
        caps[BLANK] = 0
        steps.append(
            TraceStep(
                tier=tier.id,
                district=where,
                kind="quota",
                text=f"{in_quota} blank ballots count in the electoral quotient",
            )
        )
    eligible_total = sum(v for p, v in counted.items() if p not in excluded)
    whole = {
        party: (count * seats // eligible_total if eligible_total else 0)
        for party, count in votes.items()
        if party not in excluded
    }
    if tier.remainders == "quota_winners":
        for party, count in whole.items():
            if count == 0:
                caps[party] = 0
                steps.append(
                    TraceStep(
                        tier=tier.id,
                        district=where,
                        kind="remainder",
                        text=f"{party} won no whole quotient and takes no remainder seat",
                    )
                )
    tables: dict[str, Mapping[str, int | Fraction | None]] = {
        "more_seats": dict(whole),
        "top_candidate": dict(top_candidate or {}),
    }
    tie_break = list_tie_break(ties, seed, tables)
    allocation = methods.apportion(
        counted,
        seats,
        method=tier.formula if tier.formula != "divisors" else "dhondt",
        first_divisor=tier.first_divisor,
        divisors_given=tier.divisors,
        exclude=excluded,
        max_seats=caps or None,
        min_seats=tier.min_seats,
        prior_seats={p: n for p, n in (prior or {}).items() if n} or None,
        tie_break=tie_break,
    )
    record(tier.id, where, allocation)
    for step in allocation.steps:
        if step.unit == BLANK or step.kind == "excluded":
            continue
        steps.append(TraceStep(tier=tier.id, district=where, kind=step.kind, text=step.text))
    for tie in allocation.ties:
        steps.append(
            TraceStep(
                tier=tier.id,
                district=where,
                kind="tie",
                text=f"seat {tie.seat}: equal claims of {', '.join(sorted(tie.tied))}; "
                f"{', '.join(tie.winners)} chosen by {tie.rule}",
            )
        )
    steps.extend(
        TraceStep(tier=tier.id, district=where, kind="seat", text=seat_text(tier, where, entry))
        for entry in allocation.priority
        if entry.unit != BLANK
    )
    if tier.formula not in QUOTA_FORMULAS and allocation.priority:
        last, following = allocation.priority[-1], allocation.next_in_line
        text = f"last seat: {last.unit}'s seat {last.seat} at quotient {last.text}"
        if following is not None:
            text += f"; next in line: {following.unit} at {following.text}"
        steps.append(TraceStep(tier=tier.id, district=where, kind="quotient", text=text))
    result = {party: allocation.seats[party] for party in votes}
    for party, count in result.items():
        if count:
            steps.append(
                TraceStep(
                    tier=tier.id,
                    district=where,
                    kind="award",
                    text=f"{party}: {count} seat{'s' if count != 1 else ''} ({votes[party]} votes)",
                )
            )
    return ListSeats(
        seats=result,
        excluded=tuple(excluded),
        steps=tuple(steps),
        ties=allocation.ties,
        allocation=allocation,
    )


__all__ = [
    "BLANK",
    "QUOTA_FORMULAS",
    "ListSeats",
    "allocate_lists",
    "list_tie_break",
    "seat_text",
]
