"""Candidate methods: the count of votes for persons, and the record every such count returns.

Plurality methods elect the candidates with the most votes:

- **first past the post** (FPTP): one seat, one vote per voter (UK Representation of the
  People Act 1983 Sch. 1 r. 50: "the candidate ... to whom the majority of votes has been given
  shall be declared to have been elected");
- **single non-transferable vote** (SNTV): several seats, one vote per voter, the ``seats``
  candidates with most votes win (Japan's House of Representatives 1947-1993; Iraq Law 9/2020
  art. 15, used in 2021);
- **block vote**: several seats, up to ``seats`` votes per voter, the ``seats`` candidates with
  most votes win (English local elections in multi-member wards, RPA 1983 Sch. 1 r. 50 as
  applied by the Local Elections (Principal Areas) Rules 2006).

A tie at the last seat is never resolved silently: it goes to the declared tie rule
(:mod:`hemicycle.core.ties`), which by default refuses.

Every candidate count (these, :mod:`~hemicycle.core.irv` and :mod:`~hemicycle.core.stv`)
returns a :class:`CandidateCount`: the elected in order, and the stages of the count with the
votes of every candidate after each stage, exactly.

>>> result = sntv({"Ali": 5200, "Bashir": 4100, "Karim": 4100, "Dalia": 900}, 2,
...               tie_break="lot:2021")
>>> result.elected, [sorted(tie.tied) for tie in result.ties]
(('Ali', 'Bashir'), [['Bashir', 'Karim']])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from hemicycle.core.ballots import Ballots
from hemicycle.core.certificates import (
    CandidateCertificate,
    candidate_certificate,
    number_json,
    ties_json,
)
from hemicycle.core.counts import whole_counts
from hemicycle.core.result import Step
from hemicycle.core.ties import REFUSE, Tie, TieBreak, parse_tie_break
from hemicycle.errors import DataError
from hemicycle.types import CandidateId


def _empty() -> Mapping[CandidateId, Fraction]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    """One stage of a count: what was done, and every candidate's votes after it.

    Attributes:
        number: the stage, from 1 (the first preferences).
        action: ``first`` (first preferences or the poll), ``surplus`` (transfer of an elected
            candidate's surplus), ``exclusion`` (transfer of excluded candidates' papers),
            ``meek`` (a round of Meek's iteration), ``filled`` (last vacancies filled without
            transfer).
        subjects: the candidates whose surplus or papers were transferred.
        transfer_values: the values at which papers moved, in the order they moved.
        changes: votes gained (positive) or given up (negative) by each candidate.
        totals: votes of every running candidate at the end of the stage.
        non_transferable: value set aside this stage: papers with no next available
            preference, and fractions lost to rounding.
        exhausted: of ``non_transferable``, the value of papers with no next preference.
        elected: candidates deemed elected at this stage, in order.
        excluded: candidates excluded at this stage.
        quota: the quota in force at this stage.
        text: what happened, for people.
    """

    number: int
    action: str
    subjects: tuple[CandidateId, ...] = ()
    transfer_values: tuple[Fraction, ...] = ()
    changes: Mapping[CandidateId, Fraction] = field(default_factory=_empty)
    totals: Mapping[CandidateId, Fraction] = field(default_factory=_empty)
    non_transferable: Fraction = Fraction(0)
    exhausted: Fraction = Fraction(0)
    elected: tuple[CandidateId, ...] = ()
    excluded: tuple[CandidateId, ...] = ()
    quota: Fraction | None = None
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateCount:
    """The result of a candidate count and everything needed to explain it.

    ``valid`` is the number of valid votes (papers) counted. The sum of the last stage's totals
    and of all non-transferable values equals ``valid`` exactly: no vote is lost unrecorded.
    """

    method: str
    seats: int
    candidates: tuple[CandidateId, ...]
    valid: int
    elected: tuple[CandidateId, ...]
    excluded: tuple[CandidateId, ...] = ()
    first_preferences: Mapping[CandidateId, int] = field(default_factory=lambda: {})
    quota: Fraction | None = None
    stages: tuple[Stage, ...] = ()
    ties: tuple[Tie, ...] = ()
    steps: tuple[Step, ...] = ()
    rules: Mapping[str, str] = field(default_factory=lambda: {})

    @property
    def certificate(self) -> CandidateCertificate:
        """The stage totals and the comparisons that decided every election and exclusion."""
        return candidate_certificate(self)

    @property
    def non_transferable(self) -> Fraction:
        """All value set aside as non-transferable over the count."""
        return sum((stage.non_transferable for stage in self.stages), Fraction(0))

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``hemicycle count --format json``: exact numbers as ``"p/q"``."""
        return {
            "method": self.method,
            "seats": self.seats,
            "valid": self.valid,
            "quota": None if self.quota is None else number_json(self.quota),
            "rules": dict(self.rules),
            "elected": list(self.elected),
            "excluded": list(self.excluded),
            "first_preferences": dict(self.first_preferences),
            "non_transferable": number_json(self.non_transferable),
            "stages": [_stage_json(stage) for stage in self.stages],
            "ties": ties_json(self.ties),
            "steps": [{"kind": s.kind, "text": s.text, "candidate": s.unit} for s in self.steps],
        }


def decimal_text(value: Fraction, places: int = 5) -> str:
    """A number for people: exact when it has at most ``places`` decimals, else rounded
    with a trailing ``…``.

    >>> decimal_text(Fraction(123456, 100)), decimal_text(Fraction(1, 3)), decimal_text(Fraction(7))
    ('1234.56', '0.33333…', '7')
    """
    for digits in range(places + 1):
        scaled = value * 10**digits
        if scaled.denominator == 1:
            return _fixed(int(scaled), digits)
    scaled = round(value * 10**places)
    return _fixed(scaled, places) + "…"


def _fixed(scaled: int, digits: int) -> str:
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled)).rjust(digits + 1, "0")
    if digits == 0:
        return sign + text
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def _stage_json(stage: Stage) -> dict[str, object]:
    return {
        "stage": stage.number,
        "action": stage.action,
        "subjects": list(stage.subjects),
        "transfer_values": [number_json(v) for v in stage.transfer_values],
        "changes": {c: number_json(v) for c, v in stage.changes.items()},
        "totals": {c: number_json(v) for c, v in stage.totals.items()},
        "non_transferable": number_json(stage.non_transferable),
        "exhausted": number_json(stage.exhausted),
        "elected": list(stage.elected),
        "excluded": list(stage.excluded),
        "quota": None if stage.quota is None else number_json(stage.quota),
        "text": stage.text,
    }


# --- ties between candidates ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """The candidates a tie rule selected, and the record of the tie if there was one."""

    selected: tuple[CandidateId, ...]
    tie: Tie | None
    text: str


def select(
    tied: Sequence[CandidateId],
    count: int,
    *,
    lowest: bool,
    seat: int,
    history: Sequence[Mapping[CandidateId, Fraction]] = (),
    direction: str | None = None,
    tie_break: TieBreak = REFUSE,
    votes: Mapping[CandidateId, int] | None = None,
) -> Selection:
    """Select ``count`` of candidates with equal votes, as the law says.

    First, if ``direction`` is ``"forward"`` (the earliest stage at which they had unequal
    votes: Electoral Law Act (NI) 1962 Sch. 5 r. 50(a), 51(13)) or ``"backward"`` (the most
    recent preceding stage at which they had unequal votes: SSI 2007/42 Sch. 1 r. 49(2),
    51(2)), the totals of earlier stages in ``history`` decide; those still equal at every
    stage go to ``tie_break``. ``lowest`` selects the fewest votes (an exclusion), otherwise
    the most (a surplus to transfer first, a seat).

    The recorded :class:`~hemicycle.core.ties.Tie` lists as ``winners`` the candidates that
    keep their claim: those selected for a seat or a transfer, or those *not* excluded.

    >>> history = [{"A": Fraction(10), "B": Fraction(12)}, {"A": Fraction(15), "B": Fraction(15)}]
    >>> select(["A", "B"], 1, lowest=True, seat=2, history=history, direction="forward").selected
    ('A',)
    """
    if count >= len(tied):
        return Selection(selected=tuple(tied), tie=None, text="")
    remaining = list(tied)
    chosen: list[CandidateId] = []
    need = count
    rules: list[str] = []
    stages = list(history) if direction == "forward" else list(reversed(history))
    if direction is not None:
        for totals in stages:
            values = {c: totals.get(c, Fraction(0)) for c in remaining}
            if len(set(values.values())) == 1:
                continue
            if f"stages:{direction}" not in rules:
                rules.append(f"stages:{direction}")
            order = sorted(remaining, key=lambda c: values[c] if lowest else -values[c])
            cut = values[order[need - 1]]
            sure = [c for c in order if (values[c] < cut if lowest else values[c] > cut)]
            chosen.extend(sure)
            need -= len(sure)
            remaining = [c for c in order if values[c] == cut]
            if need == len(remaining):
                break
    if need and need < len(remaining):
        rules.append(tie_break.name)
        tally = votes if votes is not None else dict.fromkeys(remaining, 0)
        if lowest:
            keep = tie_break.choose(remaining, len(remaining) - need, seat=seat, votes=tally)
            chosen.extend(c for c in remaining if c not in keep)
        else:
            chosen.extend(tie_break.choose(remaining, need, seat=seat, votes=tally))
    elif need:
        chosen.extend(remaining)
    keepers = [c for c in tied if c not in chosen] if lowest else chosen
    rule = ", ".join(rules)
    tie = Tie(
        seat=seat,
        tied=frozenset(tied),
        places=len(keepers),
        winners=tuple(keepers),
        rule=rule,
    )
    what = "excluded" if lowest else "chosen"
    text = f"tie between {', '.join(tied)}: {', '.join(chosen)} {what} by {rule}"
    return Selection(selected=tuple(chosen), tie=tie, text=text)


# --- plurality methods ----------------------------------------------------------------------


def _check_votes(votes: Mapping[CandidateId, int], seats: int) -> None:
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise DataError(f"seats must be a whole number >= 1 (got {seats!r})")
    if not votes:
        raise DataError("there are no candidates")
    whole_counts(votes, "votes")


def _plurality(
    method: str,
    votes: Mapping[CandidateId, int],
    seats: int,
    tie_break: str | TieBreak | None,
    rule_text: str,
    valid: int | None = None,
) -> CandidateCount:
    _check_votes(votes, seats)
    rule = parse_tie_break(tie_break)
    tally = {c: int(v) for c, v in votes.items()}
    order = sorted(tally, key=lambda c: -tally[c])
    steps: list[Step] = []
    ties: list[Tie] = []
    places = min(seats, len(order))
    elected = order[:places]
    if places < len(order) and tally[order[places - 1]] == tally[order[places]]:
        cut = tally[order[places - 1]]
        sure = [c for c in order if tally[c] > cut]
        tied = [c for c in order if tally[c] == cut]
        picked = select(
            tied, places - len(sure), lowest=False, seat=len(sure) + 1, tie_break=rule, votes=tally
        )
        elected = sure + list(picked.selected)
        if picked.tie is not None:
            ties.append(picked.tie)
            steps.append(Step(kind="tie", text=picked.text))
    for seat, name in enumerate(elected, start=1):
        steps.append(
            Step(kind="elected", text=f"seat {seat}: {name} with {tally[name]:,} votes", unit=name)
        )
    if seats > len(order):
        steps.append(
            Step(kind="unfilled", text=f"{seats - len(order)} seats unfilled: too few candidates")
        )
    totals = {c: Fraction(v) for c, v in tally.items()}
    stage = Stage(
        number=1,
        action="first",
        changes=MappingProxyType(dict(totals)),
        totals=MappingProxyType(totals),
        elected=tuple(elected),
        text=f"{rule_text}: the {places} candidates with most votes are elected",
    )
    return CandidateCount(
        method=method,
        seats=seats,
        candidates=tuple(tally),
        valid=sum(tally.values()) if valid is None else valid,
        elected=tuple(elected),
        first_preferences=MappingProxyType(tally),
        stages=(stage,),
        ties=tuple(ties),
        steps=tuple(steps),
        rules=MappingProxyType({"tie_break": rule.name}),
    )


def first_past_the_post(
    votes: Mapping[CandidateId, int], *, tie_break: str | TieBreak | None = REFUSE
) -> CandidateCount:
    """One seat to the candidate with most votes (RPA 1983 Sch. 1 r. 50).

    An equality of votes for the seat goes to the tie rule (r. 49 of the same rules: the
    returning officer decides by lot, ``tie_break="lot:SEED"``).

    >>> first_past_the_post({"Ames": 15320, "Bell": 14988}).elected
    ('Ames',)
    """
    return _plurality("fptp", votes, 1, tie_break, "first past the post")


def sntv(
    votes: Mapping[CandidateId, int], seats: int, *, tie_break: str | TieBreak | None = REFUSE
) -> CandidateCount:
    """Single non-transferable vote: the ``seats`` candidates with most votes are elected.

    Iraq Law 9/2020 art. 15 (one vote per voter, multi-member districts, most votes win).

    >>> sntv({"A": 30, "B": 25, "C": 20, "D": 5}, 3).elected
    ('A', 'B', 'C')
    """
    return _plurality("sntv", votes, seats, tie_break, "single non-transferable vote")


def block_vote(
    votes: Mapping[CandidateId, int],
    seats: int,
    *,
    tie_break: str | TieBreak | None = REFUSE,
    valid: int | None = None,
) -> CandidateCount:
    """Block vote: each voter votes for up to ``seats`` candidates, the ``seats`` with most
    votes are elected (RPA 1983 Sch. 1 r. 50 as applied to multi-member wards).

    ``votes`` are the candidates' tallies; ``valid`` is the number of valid papers when known
    (see :func:`block_tally`).

    >>> block_vote({"A": 60, "B": 55, "C": 40, "D": 45}, 2).elected
    ('A', 'B')
    """
    return _plurality("block", votes, seats, tie_break, "block vote", valid=valid)


def first_preference_tally(ballots: Ballots) -> dict[CandidateId, int]:
    """Votes per candidate when each paper counts for its first preference only (FPTP, SNTV).

    >>> first_preference_tally(Ballots.from_rankings([["A", "B"], ["B"], ["A"]]))
    {'A': 2, 'B': 1}
    """
    return ballots.first_preferences()


def block_tally(ballots: Ballots, seats: int) -> dict[CandidateId, int]:
    """Votes per candidate when each paper counts once for every candidate it names (block
    vote); a paper naming more than ``seats`` candidates is refused.

    >>> block_tally(Ballots.from_rankings([["A", "B"], ["B", "C"]]), 2)
    {'A': 1, 'B': 2, 'C': 1}
    """
    tally = dict.fromkeys(ballots.running, 0)
    for number, ballot in enumerate(ballots.ballots, start=1):
        named = [c for c in ballot.ranking if c not in ballots.withdrawn]
        if len(named) > seats:
            raise DataError(
                f"ballot {number}: votes for {len(named)} candidates; the block vote allows "
                f"at most {seats} (the number of seats)"
            )
        for name in named:
            tally[name] += ballot.weight
    return tally


__all__ = [
    "CandidateCount",
    "Selection",
    "Stage",
    "block_tally",
    "block_vote",
    "decimal_text",
    "first_past_the_post",
    "first_preference_tally",
    "number_json",
    "select",
    "sntv",
]
