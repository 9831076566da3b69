"""Cabinets shared by points, reserved offices and confessional parity.

**Points systems.** Iraq's governments since 2006 have been formed by *nizam al-niqat*: each
bloc earns points for its seats, each office costs points by its class, and a bloc's offices
must add up to what its seats are worth. The figures are a convention, negotiated each time
(in 2010 one version counted a point per 2.44 seats, the three presidencies at 10 points,
sovereign ministries at 4, service ministries at 2–3 and ministers of state at 1), so they are
parameters here: a :class:`PointsSystem` of office classes with their costs and either a number
of points per seat or, by default, the offices' total points shared in proportion to seats.

**Reserved offices.** An office may be reserved for a community: Lebanon's National Pact
(1943) gives the presidency to a Maronite, the speakership to a Shia and the premiership to a
Sunni; Iraq's convention since 2005 gives the presidency to a Kurd, the premiership to a Shia
and the speakership to a Sunni Arab.

**Parity.** Lebanon's Constitution (art. 95, as amended by the Taif Agreement, 1989/1990)
shares ministerial offices equally between Christians and Muslims: :class:`Parity` splits the
offices (or those of some classes) equally between groups of communities.

:func:`allocate_cabinet` finds, exactly, the assignment of offices to blocs that satisfies the
reserved offices and parity (and, if asked, keeps every bloc within its entitlement) and is
closest to proportional. Each bloc is *due* its entitlement scaled to the points on offer,
``due = entitled × total points / Σ entitled`` (when a seat is worth a fixed number of points the
blocs are together entitled to more than the offices cost; the offices are then shared in the
ratio of the entitlements), and the allocation minimises ``Σ |due − used|``. Without reserved
offices, parity or a cap this guarantees that no bloc is over by as much as the cost of any
office it holds, nor short by as much as the cost of any office a bloc over its due holds (else
moving that office would bring the total closer), so every ``|due − used|`` is less than the
dearest office's cost. Offices of one class with
the same reservation are interchangeable, so the search runs over how many of each kind every
bloc takes (dynamic programming over the blocs, in integers scaled to a common denominator).
Where several assignments are equally good, the declared rule is that larger blocs take the
larger share (blocs in decreasing order of seats, each taking the most points it can, then the
costliest offices); the number of equally good assignments is
reported. Named offices within a kind are then picked in turn, the bloc with the highest
``seats / (1 + offices picked)`` first (the rule of Northern Ireland Act 1998 s.18), each
taking its most preferred office among those it is due. :func:`check_cabinet` validates a
proposed cabinet against the same rules.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

import numpy as np

from hemicycle.analysis.gamson import GamsonCheck, gamson
from hemicycle.core.counts import whole_counts
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError, InfeasibleError
from hemicycle.types import UnitId


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeClass:
    """A class of offices (``sovereign``, ``service``, ``presidency``…) and its cost in points."""

    id: str
    cost: Fraction
    offices: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PointsSystem:
    """Office classes with their costs, and the points a seat is worth.

    ``points_per_seat`` None shares the offices' total points among the blocs in proportion to
    their seats.
    """

    classes: tuple[OfficeClass, ...]
    points_per_seat: Fraction | None = None

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for office_class in self.classes:
            if office_class.cost < 0:
                raise DataError(
                    f"class {office_class.id!r} costs {office_class.cost} points; "
                    "costs must be >= 0"
                )
            for office in office_class.offices:
                if office in seen:
                    raise DataError(f"office {office!r} is listed twice")
                seen.add(office)
        if not seen:
            raise DataError("a points system needs at least one office")
        if self.points_per_seat is not None and self.points_per_seat <= 0:
            raise DataError(f"points per seat must be > 0 (got {self.points_per_seat})")

    @classmethod
    def of(
        cls,
        offices: Mapping[str, tuple[str, Fraction | int | str]],
        points_per_seat: Fraction | int | str | None = None,
    ) -> PointsSystem:
        """A system from ``{office: (class, cost)}``; every office of a class costs the same.

        >>> system = PointsSystem.of({"President": ("presidency", 10), "Oil": ("sovereign", 4)},
        ...                          points_per_seat="50/122")
        >>> system.total_points, system.cost("Oil"), system.points_per_seat
        (Fraction(14, 1), Fraction(4, 1), Fraction(25, 61))
        """
        by_class: dict[str, list[str]] = {}
        costs: dict[str, Fraction] = {}
        for office, (class_id, cost) in offices.items():
            value = _number(cost, f"cost of {office!r}")
            if class_id in costs and costs[class_id] != value:
                raise DataError(
                    f"office {office!r} of class {class_id!r} costs {value}, but the class "
                    f"costs {costs[class_id]}"
                )
            costs[class_id] = value
            by_class.setdefault(class_id, []).append(office)
        rate = None if points_per_seat is None else _number(points_per_seat, "points per seat")
        return cls(
            classes=tuple(
                OfficeClass(id=c, cost=costs[c], offices=tuple(names))
                for c, names in by_class.items()
            ),
            points_per_seat=rate,
        )

    @property
    def offices(self) -> tuple[str, ...]:
        """Every office, class by class."""
        return tuple(o for c in self.classes for o in c.offices)

    @property
    def total_points(self) -> Fraction:
        """What all the offices cost together."""
        return sum((c.cost * len(c.offices) for c in self.classes), Fraction(0))

    def class_of(self, office: str) -> OfficeClass:
        """The class an office belongs to."""
        for office_class in self.classes:
            if office in office_class.offices:
                return office_class
        raise DataError(f"unknown office {office!r}; offices: {', '.join(self.offices)}")

    def cost(self, office: str) -> Fraction:
        """The points an office costs."""
        return self.class_of(office).cost


def _number(value: Fraction | int | str, what: str) -> Fraction:
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise DataError(f"{what} must be a number such as 2 or 1/3 (got {value!r})") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class Parity:
    """Offices shared equally between groups of communities (Lebanon, Constitution art. 95).

    ``classes`` limits the rule to offices of those classes (None: every office).
    """

    groups: Mapping[str, frozenset[str]]
    classes: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if len(self.groups) < 2:
            raise DataError("parity needs at least two groups of communities")
        seen: dict[str, str] = {}
        for group, members in self.groups.items():
            if not members:
                raise DataError(f"parity group {group!r} has no community")
            for community in members:
                if community in seen:
                    raise DataError(
                        f"community {community!r} is in parity groups {seen[community]!r} "
                        f"and {group!r}"
                    )
                seen[community] = group
        object.__setattr__(self, "groups", MappingProxyType(dict(self.groups)))

    def group_of(self, community: str | None) -> str | None:
        """The group a community belongs to, if any."""
        return next((g for g, m in self.groups.items() if community in m), None)

    def covers(self, office_class: str) -> bool:
        return self.classes is None or office_class in self.classes

    @property
    def name(self) -> str:
        return "parity " + "/".join(self.groups)


def entitlements(seats: Mapping[UnitId, int], system: PointsSystem) -> dict[UnitId, Fraction]:
    """Each bloc's points: ``seats × points_per_seat``, or its seat share of the offices'
    total points.

    >>> system = PointsSystem.of({"P": ("presidency", 10), "F": ("sovereign", 4),
    ...                           "H": ("service", 2)})
    >>> {b: str(e) for b, e in entitlements({"A": 60, "B": 30, "C": 10}, system).items()}
    {'A': '48/5', 'B': '24/5', 'C': '8/5'}
    """
    checked = _seats(seats)
    if system.points_per_seat is not None:
        return {bloc: n * system.points_per_seat for bloc, n in checked.items()}
    total = sum(checked.values())
    if total == 0:
        raise DataError("the blocs hold no seats: entitlements are undefined")
    return {bloc: system.total_points * n / total for bloc, n in checked.items()}


def _seats(seats: Mapping[UnitId, int]) -> dict[UnitId, int]:
    checked = whole_counts(seats, "seats")
    if not checked:
        raise DataError("give the seats of at least one bloc")
    return checked


@dataclass(frozen=True, slots=True, kw_only=True)
class BlocLedger:
    """A bloc's account: its points, its share of the points on offer (``due``), the points
    its offices cost, and the balance."""

    bloc: UnitId
    seats: int
    community: str | None
    entitled: Fraction
    due: Fraction
    used: Fraction
    offices: tuple[str, ...]

    @property
    def balance(self) -> Fraction:
        """Points left (negative: over its entitlement)."""
        return self.entitled - self.used


@dataclass(frozen=True, slots=True, kw_only=True)
class Cabinet:
    """A cabinet and its account against a points system and the community rules.

    ``deviation`` is ``Σ |due − used|``; ``violations`` names each rule the cabinet
    breaks; ``alternatives`` counts the equally good allocations (automatic allocation only).
    """

    system: PointsSystem
    assignment: Mapping[str, UnitId]
    ledger: tuple[BlocLedger, ...]
    violations: tuple[str, ...] = ()
    alternatives: int | None = None
    gamson_offices: GamsonCheck | None = field(default=None, compare=False)
    gamson_points: GamsonCheck | None = field(default=None, compare=False)

    @property
    def deviation(self) -> Fraction:
        return sum((abs(b.due - b.used) for b in self.ledger), Fraction(0))

    @property
    def valid(self) -> bool:
        return not self.violations

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``hemicycle cabinet --format json``."""
        rate = self.system.points_per_seat
        return {
            "points_per_seat": None if rate is None else fraction_text(rate),
            "total_points": fraction_text(self.system.total_points),
            "blocs": [
                {
                    "name": b.bloc,
                    "seats": b.seats,
                    "community": b.community,
                    "entitled": fraction_text(b.entitled),
                    "due": fraction_text(b.due),
                    "used": fraction_text(b.used),
                    "balance": fraction_text(b.balance),
                    "offices": list(b.offices),
                }
                for b in self.ledger
            ],
            "assignment": dict(self.assignment),
            "deviation": fraction_text(self.deviation),
            "gamson": {
                "offices": None
                if self.gamson_offices is None
                else fraction_text(self.gamson_offices.deviation),
                "points": None
                if self.gamson_points is None
                else fraction_text(self.gamson_points.deviation),
            },
            "valid": self.valid,
            "violations": list(self.violations),
            "alternatives": self.alternatives,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class _Rules:
    seats: Mapping[UnitId, int]
    system: PointsSystem
    communities: Mapping[UnitId, str]
    reserved: Mapping[str, frozenset[str]]
    parity: Parity | None
    within_entitlement: bool
    entitled: Mapping[UnitId, Fraction]
    due: Mapping[UnitId, Fraction]


def _rules(
    seats: Mapping[UnitId, int],
    system: PointsSystem,
    communities: Mapping[UnitId, str] | None,
    reserved: Mapping[str, Iterable[str]] | None,
    parity: Parity | None,
    within_entitlement: bool,
) -> _Rules:
    checked = _seats(seats)
    known = dict(communities or {})
    for bloc in known:
        if bloc not in checked:
            raise DataError(f"community given for {bloc!r}, which has no seats entry")
    kept: dict[str, frozenset[str]] = {}
    for office, allowed in (reserved or {}).items():
        system.class_of(office)  # an unknown office is a DataError
        kept[office] = frozenset(allowed)
        if not kept[office]:
            raise DataError(f"office {office!r} is reserved for no community")
    if parity is not None and parity.classes is not None:
        ids = {c.id for c in system.classes}
        for class_id in parity.classes:
            if class_id not in ids:
                raise DataError(f"parity names class {class_id!r}; classes: {', '.join(ids)}")
    entitled = entitlements(checked, system)
    return _Rules(
        seats=checked,
        system=system,
        communities=known,
        reserved=kept,
        parity=parity,
        within_entitlement=within_entitlement,
        entitled=entitled,
        due=shares(entitled, system.total_points),
    )


def shares(entitled: Mapping[UnitId, Fraction], total: Fraction) -> dict[UnitId, Fraction]:
    """Entitlements scaled to the points on offer: ``entitled × total / Σ entitled``, so that
    blocs entitled together to more (or fewer) points than the offices cost share them in the
    ratio of their entitlements.

    >>> {b: str(d) for b, d in shares({"A": Fraction(37), "B": Fraction(26)}, Fraction(21)).items()}
    {'A': '37/3', 'B': '26/3'}
    """
    have = sum(entitled.values(), Fraction(0))
    if have == 0:
        return dict(entitled)
    return {bloc: e * total / have for bloc, e in entitled.items()}


def _ledger(rules: _Rules, assignment: Mapping[str, UnitId]) -> tuple[BlocLedger, ...]:
    return tuple(
        BlocLedger(
            bloc=bloc,
            seats=n,
            community=rules.communities.get(bloc),
            entitled=rules.entitled[bloc],
            due=rules.due[bloc],
            used=sum(
                (rules.system.cost(o) for o, b in assignment.items() if b == bloc), Fraction(0)
            ),
            offices=tuple(o for o in rules.system.offices if assignment.get(o) == bloc),
        )
        for bloc, n in rules.seats.items()
    )


def _finish(
    rules: _Rules,
    assignment: Mapping[str, UnitId],
    violations: Sequence[str] = (),
    alternatives: int | None = None,
) -> Cabinet:
    ledger = _ledger(rules, assignment)
    held = [b for b in ledger if b.offices]
    return Cabinet(
        system=rules.system,
        assignment=MappingProxyType(dict(assignment)),
        ledger=ledger,
        violations=tuple(violations),
        alternatives=alternatives,
        gamson_offices=gamson({b.bloc: len(b.offices) for b in ledger}, rules.seats)
        if held
        else None,
        gamson_points=gamson({b.bloc: b.used for b in ledger}, rules.seats)
        if any(b.used for b in held)
        else None,
    )


def check_cabinet(
    assignment: Mapping[str, UnitId],
    seats: Mapping[UnitId, int],
    system: PointsSystem,
    *,
    communities: Mapping[UnitId, str] | None = None,
    reserved: Mapping[str, Iterable[str]] | None = None,
    parity: Parity | None = None,
    within_entitlement: bool = False,
) -> Cabinet:
    """Validate a proposed cabinet (``{office: bloc}``): every office filled once, each
    reserved office held by a bloc of its community, parity kept, and (``within_entitlement``)
    no bloc spending more points than it is entitled to. Broken rules are listed, by name, in
    ``violations``; the ledger gives each bloc's points.

    >>> system = PointsSystem.of({"President": ("presidency", 10), "Oil": ("sovereign", 4)})
    >>> cabinet = check_cabinet({"President": "A", "Oil": "A"}, {"A": 10, "B": 10}, system,
    ...                         within_entitlement=True)
    >>> cabinet.valid, cabinet.violations[0]
    (False, 'entitlement: A uses 14 points of the 7 it is entitled to')
    """
    rules = _rules(seats, system, communities, reserved, parity, within_entitlement)
    for office, bloc in assignment.items():
        system.class_of(office)
        if bloc not in rules.seats:
            raise DataError(f"office {office!r} goes to {bloc!r}, which has no seats entry")
    violations = [f"office {o!r} is not filled" for o in system.offices if o not in assignment]
    for office, allowed in rules.reserved.items():
        holder = assignment.get(office)
        if holder is not None and rules.communities.get(holder) not in allowed:
            violations.append(
                f"reserved: {office!r} is reserved for {' or '.join(sorted(allowed))}, "
                f"held by {holder!r} ({rules.communities.get(holder, 'no community')})"
            )
    if parity is not None:
        scope = [o for o in system.offices if parity.covers(system.class_of(o).id)]
        held = dict.fromkeys(parity.groups, 0)
        outside = 0
        for office in scope:
            if office not in assignment:
                continue
            group = parity.group_of(rules.communities.get(assignment[office]))
            if group is None:
                outside += 1
            else:
                held[group] += 1
        if outside or len(set(held.values())) > 1:
            counts = ", ".join(f"{g} {n}" for g, n in held.items())
            violations.append(
                f"{parity.name}: {counts} of {len(scope)} offices"
                + (f", {outside} outside every group" if outside else "")
                + " (equal shares required)"
            )
    cabinet = _finish(rules, assignment, violations)
    if within_entitlement:
        extra = [
            f"entitlement: {b.bloc} uses {fraction_text(b.used)} points of the "
            f"{fraction_text(b.entitled)} it is entitled to"
            for b in cabinet.ledger
            if b.balance < 0
        ]
        if extra:
            cabinet = _finish(rules, assignment, [*violations, *extra])
    return cabinet


@dataclass(frozen=True, slots=True)
class _Kind:
    """Interchangeable offices: one class, one reservation."""

    office_class: str
    cost: int
    allowed: frozenset[str] | None
    in_parity: bool
    offices: tuple[str, ...]


def allocate_cabinet(
    seats: Mapping[UnitId, int],
    system: PointsSystem,
    *,
    communities: Mapping[UnitId, str] | None = None,
    reserved: Mapping[str, Iterable[str]] | None = None,
    parity: Parity | None = None,
    within_entitlement: bool = False,
    preferences: Mapping[UnitId, Sequence[str]] | None = None,
) -> Cabinet:
    """The cabinet closest to the blocs' shares of the points on offer (``Σ |due − used|``)
    that keeps the reserved offices, parity and (``within_entitlement``) every bloc within its
    points; exact.

    Raises InfeasibleError naming the rule that cannot be met.

    >>> system = PointsSystem.of({"President": ("presidency", 10), "Speaker": ("presidency", 10),
    ...                           "Oil": ("sovereign", 4), "Health": ("service", 2)})
    >>> cabinet = allocate_cabinet({"Shia": 180, "Kurd": 60, "Sunni": 80}, system,
    ...     communities={"Shia": "Shia", "Kurd": "Kurdish", "Sunni": "Sunni"},
    ...     reserved={"President": ["Kurdish"], "Speaker": ["Sunni"]})
    >>> dict(cabinet.assignment), str(cabinet.deviation)
    ({'President': 'Kurd', 'Speaker': 'Sunni', 'Oil': 'Shia', 'Health': 'Shia'}, '69/4')
    """
    rules = _rules(seats, system, communities, reserved, parity, within_entitlement)
    _precheck(rules)
    plan = _search(rules, rules.within_entitlement, rules.parity)
    if plan is None:
        raise InfeasibleError(_diagnose(rules))
    counts, alternatives, kinds = plan
    return _finish(
        rules, _name_offices(rules, kinds, counts, preferences), alternatives=alternatives
    )


def _precheck(rules: _Rules) -> None:
    for office, allowed in rules.reserved.items():
        if not any(rules.communities.get(b) in allowed for b in rules.seats):
            raise InfeasibleError(
                f"reserved: {office!r} is reserved for {' or '.join(sorted(allowed))}, and no "
                "bloc belongs to that community"
            )
    parity = rules.parity
    if parity is not None:
        scope = [o for o in rules.system.offices if parity.covers(rules.system.class_of(o).id)]
        if len(scope) % len(parity.groups):
            raise InfeasibleError(
                f"{parity.name}: {len(scope)} offices cannot be split equally between "
                f"{len(parity.groups)} groups"
            )
        for group, members in parity.groups.items():
            if scope and not any(rules.communities.get(b) in members for b in rules.seats):
                raise InfeasibleError(f"{parity.name}: no bloc belongs to group {group!r}")
    if rules.within_entitlement:
        have = sum(rules.entitled.values(), Fraction(0))
        if have < rules.system.total_points:
            raise InfeasibleError(
                f"entitlement: the offices cost {fraction_text(rules.system.total_points)} "
                f"points, more than the {fraction_text(have)} the blocs are entitled to"
            )


def _diagnose(rules: _Rules) -> str:
    reserved = (
        ", ".join(f"{o}: {' or '.join(sorted(a))}" for o, a in rules.reserved.items()) or "none"
    )
    if rules.within_entitlement and _search(rules, False, rules.parity) is not None:
        return (
            "entitlement: no cabinet keeps every bloc within its points"
            + (f" together with {rules.parity.name}" if rules.parity else "")
            + f" and the reserved offices ({reserved})"
        )
    if rules.parity is not None:
        return (
            f"{rules.parity.name}: no cabinet splits the offices equally together with the "
            f"reserved offices ({reserved})"
        )
    return f"reserved: the reserved offices ({reserved}) cannot all be filled"


def _kinds(rules: _Rules, scale: int) -> tuple[_Kind, ...]:
    grouped: dict[tuple[str, frozenset[str] | None], list[str]] = {}
    for office_class in rules.system.classes:
        for office in office_class.offices:
            grouped.setdefault((office_class.id, rules.reserved.get(office)), []).append(office)
    kinds = []
    for (class_id, allowed), offices in grouped.items():
        cost = rules.system.class_of(offices[0]).cost * scale
        kinds.append(
            _Kind(
                office_class=class_id,
                cost=int(cost),
                allowed=allowed,
                in_parity=rules.parity is not None and rules.parity.covers(class_id),
                offices=tuple(offices),
            )
        )
    # costliest first: the order in which a bloc's equally good choices are preferred
    return tuple(sorted(kinds, key=lambda k: -k.cost))


def _order(rules: _Rules) -> list[UnitId]:
    """Blocs in decreasing order of seats (the order of the declared tie rule)."""
    return sorted(rules.seats, key=lambda b: -rules.seats[b])


_INFINITY = np.int64(2**62)


def _search(
    rules: _Rules, capped: bool, parity: Parity | None
) -> tuple[dict[UnitId, dict[int, int]], int, tuple[_Kind, ...]] | None:
    """Counts of each kind (by position in the kinds returned) per bloc minimising
    ``Σ |due − used|``, and how many allocations of counts do.

    Bottom-up over the blocs: a state is the vector of offices left of each kind and, with
    parity, of offices each group may still take; every bloc's choices are vectors of counts,
    evaluated for all states at once (numpy, integers scaled to a common denominator).
    """
    denominators = [c.cost.denominator for c in rules.system.classes]
    denominators += [e.denominator for e in rules.entitled.values()]
    denominators += [d.denominator for d in rules.due.values()]
    scale = math.lcm(*denominators)
    kinds = _kinds(rules, scale)
    blocs = _order(rules)
    entitled = [int(rules.entitled[b] * scale) for b in blocs]
    due = [int(rules.due[b] * scale) for b in blocs]
    group_names = list(parity.groups) if parity is not None else []
    target = sum(len(k.offices) for k in kinds if k.in_parity) // max(len(group_names), 1)
    dims = [len(k.offices) for k in kinds] + [target] * len(group_names)
    sizes = [d + 1 for d in dims]
    states = math.prod(sizes)
    weights = np.array([math.prod(sizes[j + 1 :]) for j in range(len(sizes))], dtype=np.int64)
    if states > 2_000_000 or max(entitled + due + [k.cost for k in kinds]) * sum(dims) > 2**60:
        raise DataError(
            f"too many kinds of offices for the exact search ({states} states); group offices "
            "of equal cost into one class"
        )
    vectors = np.stack(np.unravel_index(np.arange(states), sizes), axis=1).astype(np.int64)
    index_of = vectors @ weights
    costs = np.array([k.cost for k in kinds], dtype=np.int64)
    scoped = np.array([k.in_parity for k in kinds], dtype=np.int64)

    def choices(k: int) -> tuple[np.ndarray, np.ndarray]:
        """The count vectors bloc ``k`` may take (extended by its parity group's share) and
        the points each uses."""
        community = rules.communities.get(blocs[k])
        ranges = [
            range(len(kind.offices) + 1)
            if kind.allowed is None or community in kind.allowed
            else range(1)
            for kind in kinds
        ]
        takes = np.array(list(itertools.product(*ranges)), dtype=np.int64)
        used = takes @ costs
        keep = used <= entitled[k] if capped else np.ones(len(takes), dtype=bool)
        share = takes @ scoped
        extended = np.zeros((len(takes), len(group_names)), dtype=np.int64)
        name = None if parity is None else parity.group_of(community)
        if parity is not None:
            if name is None:
                keep &= share == 0
            else:
                extended[:, group_names.index(name)] = share
        return np.hstack([takes, extended])[keep], used[keep]

    # bottom-up: bests[k][state] is the least deviation of blocs k.. from that state
    bests = [np.where(np.arange(states) == 0, 0, _INFINITY).astype(np.int64)]
    ways = np.zeros(states, dtype=object)
    ways[0] = 1
    layers: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(len(blocs) - 1, -1, -1):
        options, used = choices(k)
        cost = np.abs(due[k] - used)
        layers.append((options, used))
        current = np.full(states, _INFINITY, dtype=np.int64)
        counted = np.zeros(states, dtype=object)
        step = max(1, 2**20 // max(len(options), 1))
        for low in range(0, states, step):
            rows = slice(low, min(states, low + step))
            valid = np.ones((rows.stop - rows.start, len(options)), dtype=bool)
            for j in range(len(sizes)):
                valid &= options[:, j][None, :] <= vectors[rows, j][:, None]
            following = np.where(valid, index_of[rows, None] - (options @ weights)[None, :], 0)
            total = np.where(valid, cost[None, :] + bests[-1][following], _INFINITY)
            total = np.minimum(total, _INFINITY)
            least = total.min(axis=1)
            current[rows] = least
            hit_rows, hit_columns = np.nonzero(
                (total == least[:, None]) & (least[:, None] < _INFINITY)
            )
            for row, column in zip(hit_rows.tolist(), hit_columns.tolist(), strict=True):
                counted[low + row] += ways[following[row, column]]
        bests.append(current)
        ways = counted
    layers.reverse()
    bests.reverse()
    start = states - 1  # every office left; every parity group its whole share to take
    if bests[0][start] >= _INFINITY:
        return None
    # walk forward: each bloc, largest first, takes the most points among the optimal choices
    counts: dict[UnitId, dict[int, int]] = {}
    state = start
    for k, bloc in enumerate(blocs):
        options, used = layers[k]
        goal = int(bests[k][state])
        order = sorted(
            range(len(options)),
            key=lambda i: (-int(used[i]), [-int(n) for n in options[i][: len(kinds)]]),
        )
        for i in order:
            if not bool((options[i] <= vectors[state]).all()):
                continue
            after = state - int(options[i] @ weights)
            if abs(due[k] - int(used[i])) + int(bests[k + 1][after]) == goal:
                counts[bloc] = {j: int(n) for j, n in enumerate(options[i][: len(kinds)]) if n}
                state = after
                break
    return counts, int(ways[start]), kinds


def _name_offices(
    rules: _Rules,
    kinds: tuple[_Kind, ...],
    counts: Mapping[UnitId, Mapping[int, int]],
    preferences: Mapping[UnitId, Sequence[str]] | None,
) -> dict[str, UnitId]:
    """Blocs pick named offices in turn (highest ``seats / (1 + picked)`` first) among the
    kinds they are due, most preferred first, else in the order the offices are listed."""
    kind_of = {o: i for i, kind in enumerate(kinds) for o in kind.offices}
    due = {bloc: dict(taken) for bloc, taken in counts.items()}
    for bloc, ranked in (preferences or {}).items():
        if bloc not in rules.seats:
            raise DataError(f"preferences name {bloc!r}, which has no seats entry")
        for office in ranked:
            rules.system.class_of(office)
    picked = dict.fromkeys(rules.seats, 0)
    free = set(rules.system.offices)
    assignment: dict[str, UnitId] = {}
    order = _order(rules)
    while free:
        waiting = [b for b in order if any(due.get(b, {}).values())]
        bloc = max(waiting, key=lambda b: Fraction(rules.seats[b], 1 + picked[b]))
        wanted = [o for o in (preferences or {}).get(bloc, ()) if o in free]
        wanted += [o for o in rules.system.offices if o in free and o not in wanted]
        office = next(o for o in wanted if due[bloc].get(kind_of[o], 0) > 0)
        due[bloc][kind_of[office]] -= 1
        free.discard(office)
        assignment[office] = bloc
        picked[bloc] += 1
    return {o: assignment[o] for o in rules.system.offices}


__all__ = [
    "BlocLedger",
    "Cabinet",
    "OfficeClass",
    "Parity",
    "PointsSystem",
    "allocate_cabinet",
    "check_cabinet",
    "entitlements",
    "shares",
]
