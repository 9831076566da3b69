"""Checks of the certificates of candidate counts: plurality, SNTV, block vote, IRV and STV.

The stage totals are the count's own record; the checks prove that, given them, every decision
was the one the rules require: a candidate elected had reached the quota (or the majority, or
more votes than every candidate not elected, or the continuing candidates were no more than
the vacancies left, or the last vacancy's leader had at least all the others together), and a
candidate excluded had no more votes than any other continuing candidate, an equality being a
recorded tie. For transferable votes the totals and the value set aside must account for every
valid vote.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from hemicycle.verify.allocations import read_ties
from hemicycle.verify.report import (
    MalformedError,
    Report,
    exact,
    field_of,
    items,
    optional_exact,
    show,
    table,
    text,
    whole,
)

_PLURALITY = frozenset({"fptp", "sntv", "block"})


def _totals(stage: Mapping[str, object], where: str) -> dict[str, Fraction]:
    raw = table(field_of(stage, "totals", where), f"{where}: totals")
    return {name: exact(value, f"{where}: totals[{name}]") for name, value in raw.items()}


def _names(value: object, what: str) -> list[str]:
    return [text(n, what) for n in items(value, what)]


def check_candidates(report: Report, body: Mapping[str, object], where: str) -> None:
    """Check a candidate certificate (``kind: candidates``)."""
    method = text(field_of(body, "method", where), f"{where}: method")
    seats = whole(field_of(body, "seats", where), f"{where}: seats")
    valid = whole(field_of(body, "valid", where), f"{where}: valid")
    elected = _names(field_of(body, "elected", where), f"{where}: elected")
    stages = [table(s, f"{where}: stage") for s in items(field_of(body, "stages", where), "stages")]
    if not stages:
        raise MalformedError(f"{where} has no stages")
    decisions: dict[tuple[int, str, str], Mapping[str, object]] = {}
    for raw in items(field_of(body, "decisions", where), f"{where}: decisions"):
        entry = table(raw, f"{where}: decision")
        key = (
            whole(field_of(entry, "stage", where), "stage"),
            text(field_of(entry, "candidate", where), "candidate"),
            text(field_of(entry, "decision", where), "decision"),
        )
        decisions[key] = entry
    tied, _ = read_ties(body, where)
    first = _totals(stages[0], where)
    continuing = list(first)
    in_order: list[str] = []
    previous: dict[str, Fraction] = {}
    set_aside = Fraction(0)
    used: set[tuple[int, str, str]] = set()
    for stage in stages:
        number = whole(field_of(stage, "stage", where), "stage")
        here = f"{where}: stage {number}"
        totals = _totals(stage, here)
        set_aside += exact(stage.get("non_transferable", 0), f"{here}: non_transferable")
        out = _names(stage.get("excluded", []), f"{here}: excluded")
        for name in out:
            key = (number, name, "excluded")
            used.add(key)
            others = [c for c in continuing if c not in out]
            mine = previous.get(name, Fraction(0))
            lowest = min((previous.get(c, Fraction(0)) for c in others), default=None)
            report.require(
                name in continuing and key in decisions,
                f"{here}: {name} is excluded",
                f"{name} is not a continuing candidate with a recorded decision",
            )
            if lowest is not None:
                report.require(
                    mine <= lowest,
                    f"{here}: {name} is excluded with fewest votes",
                    f"{name} had {show(mine)}, another continuing candidate only {show(lowest)}",
                )
                report.require(
                    mine < lowest or name in tied,
                    f"{here}: the equality at {name}'s exclusion is a recorded tie",
                    f"{name} and another continuing candidate both had {show(mine)}",
                )
            _matches(report, decisions.get(key), mine, here, name)
        continuing = [c for c in continuing if c not in out]
        quota = optional_exact(stage.get("quota"), f"{here}: quota")
        for name in _names(stage.get("elected", []), f"{here}: elected"):
            key = (number, name, "elected")
            used.add(key)
            decision = decisions.get(key)
            found = report.require(
                name in continuing and decision is not None,
                f"{here}: {name} is elected",
                f"{name} is not a continuing candidate with a recorded decision",
            )
            if not found or decision is None:
                continue
            _elected(
                report,
                method,
                seats,
                here,
                name,
                decision,
                totals,
                quota,
                continuing,
                len(in_order),
                (tied, set(_names(stage.get("elected", []), here))),
            )
            continuing.remove(name)
            in_order.append(name)
        previous = totals
    report.require(
        set(decisions) == used,
        f"{where}: every decision belongs to a stage",
        f"decisions without a stage: {sorted(set(decisions) - used)}",
    )
    report.require(
        in_order == elected and len(elected) <= seats,
        f"{where}: the elected are those the stages elect",
        f"stages elect {in_order}, the certificate lists {elected} for {seats} seats",
    )
    if method not in _PLURALITY:
        counted = sum(previous.values(), Fraction(0)) + set_aside
        report.require(
            counted == valid,
            f"{where}: every valid vote is accounted for",
            f"final totals and non-transferable value add up to {show(counted)}, "
            f"not the {valid} valid votes",
        )


def _matches(
    report: Report, decision: Mapping[str, object] | None, total: Fraction, here: str, name: str
) -> None:
    if decision is None:
        return
    stated = exact(field_of(decision, "total", here), f"{here}: decision total")
    if decision.get("against") != "vacancies":
        report.require(
            stated == total,
            f"{here}: {name}'s decision states the votes of the stage",
            f"the decision says {show(stated)}, the stage totals {show(total)}",
        )


def _elected(
    report: Report,
    method: str,
    seats: int,
    here: str,
    name: str,
    decision: Mapping[str, object],
    totals: Mapping[str, Fraction],
    quota: Fraction | None,
    continuing: list[str],
    already: int,
    records: tuple[set[str], set[str]],
) -> None:
    tied, winners = records
    mine = totals.get(name, Fraction(0))
    _matches(report, decision, mine, here, name)
    against = text(field_of(decision, "against", here), f"{here}: against")
    relation = text(field_of(decision, "relation", here), f"{here}: relation")
    value = exact(field_of(decision, "value", here), f"{here}: value")
    others = sum((totals.get(c, Fraction(0)) for c in continuing if c != name), Fraction(0))
    check = f"{here}: {name} is elected against {against}"
    if method in _PLURALITY:
        _plurality(report, check, name, mine, against, value, totals, winners, tied)
        return
    if against == "quota":
        holds = (
            quota is not None
            and value == quota
            and (mine > value if relation == ">" else relation == ">=" and mine >= value)
        )
        report.require(holds, check, f"{show(mine)} votes {relation} quota {show(quota)} fails")
    elif against == "half":
        active = mine + others
        report.require(
            relation == ">" and value == active / 2 and mine > value,
            check,
            f"{show(mine)} votes are not more than half of the {show(active)} continuing",
        )
    elif against == "vacancies":
        vacancies = seats - already
        stated = exact(field_of(decision, "total", here), f"{here}: decision total")
        report.require(
            len(continuing) <= vacancies and value == vacancies and stated == len(continuing),
            check,
            f"{len(continuing)} continuing candidates for {vacancies} vacancies",
        )
    elif against == "others":
        report.require(
            relation == ">=" and mine >= others and value == others,
            check,
            f"{show(mine)} votes against {show(others)} for all other continuing candidates",
        )
    else:
        report.require(False, check, f"unknown ground {against!r}")


def _plurality(
    report: Report,
    check: str,
    name: str,
    mine: Fraction,
    against: str,
    value: Fraction,
    totals: Mapping[str, Fraction],
    winners: set[str],
    tied: set[str],
) -> None:
    """Plurality, SNTV, block vote: at least as many votes as every candidate not elected."""
    losers = {c: v for c, v in totals.items() if c not in winners}
    if not losers:
        report.require(against == "none", check, f"no candidate lost, yet against {against!r}")
        return
    rival = max(losers.values())
    report.require(
        mine >= rival and against in losers and value == losers[against] == rival,
        check,
        f"{show(mine)} votes against {against!r} with {show(value)}; the best candidate not "
        f"elected has {show(rival)}",
    )
    report.require(
        mine > rival or (name in tied and against in tied),
        f"{check}: an equality is a recorded tie",
        f"{name} and {against} both have {show(mine)} votes and no tie is recorded",
    )


__all__ = ["check_candidates"]
