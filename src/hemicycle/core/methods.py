"""The registry of allocation methods: one literal table, looked up by id or alias.

Each entry names the law or paper the method comes from. :func:`apportion` is the single entry
point of the core: it looks a method up and runs it with the shared options.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypedDict

from hemicycle.core import divisors, quotas
from hemicycle.core.options import Bound, Threshold
from hemicycle.core.result import Allocation
from hemicycle.core.ties import REFUSE, TieBreak
from hemicycle.errors import DataError, UnknownMethodError
from hemicycle.types import UnitId


@dataclass(frozen=True, slots=True, kw_only=True)
class Method:
    """A registered method.

    Attributes:
        id: snake_case id used by the CLI, law files and JSON.
        aliases: other accepted ids.
        family: ``divisor`` or ``quota``.
        name: name for people.
        reference: where the method is law, or the paper that defines it.
        divisor: the divisor sequence, for divisor methods.
        quota: the quota rule, for largest-remainder methods.
    """

    id: str
    aliases: tuple[str, ...]
    family: str
    name: str
    reference: str
    divisor: divisors.DivisorMethod | None = None
    quota: quotas.QuotaRule | None = None


METHODS: tuple[Method, ...] = (
    Method(
        id="dhondt",
        aliases=("jefferson", "hagenbach_bischoff_divisor"),
        family="divisor",
        name="D'Hondt / Jefferson",
        reference="V. D'Hondt, Système pratique et raisonné de représentation proportionnelle "
        "(1882); US House 1792-1832; Spain LOREG art. 163",
        divisor=divisors.DHONDT,
    ),
    Method(
        id="sainte_lague",
        aliases=("webster", "schepers"),
        family="divisor",
        name="Sainte-Laguë / Webster",
        reference="A. Sainte-Laguë (1910); D. Webster (1832); Bundeswahlgesetz §6 (2023)",
        divisor=divisors.SAINTE_LAGUE,
    ),
    Method(
        id="modified_sainte_lague",
        aliases=(),
        family="divisor",
        name="modified Sainte-Laguë (first divisor 1.4 unless given)",
        reference="first divisor 1.4 unless given: Sweden Vallag 2005:837 ch. 14 §3 (1.2); "
        "Norway Valgloven §11-4 (1.4); Iraq Law 45/2013 (1.6), Law 4/2023 art. 16 (1.7)",
        divisor=divisors.modified_sainte_lague(),
    ),
    Method(
        id="huntington_hill",
        aliases=("equal_proportions", "hill"),
        family="divisor",
        name="Huntington-Hill (equal proportions)",
        reference="2 U.S.C. §2a (Act of 15 November 1941); E. V. Huntington, Trans. AMS 30 (1928)",
        divisor=divisors.HUNTINGTON_HILL,
    ),
    Method(
        id="adams",
        aliases=("smallest_divisors",),
        family="divisor",
        name="Adams (smallest divisors)",
        reference="J. Q. Adams (1832); Balinski & Young, Fair Representation (2001)",
        divisor=divisors.ADAMS,
    ),
    Method(
        id="dean",
        aliases=("harmonic_mean",),
        family="divisor",
        name="Dean (harmonic mean)",
        reference="J. W. Dean (1832); Balinski & Young, Fair Representation (2001)",
        divisor=divisors.DEAN,
    ),
    Method(
        id="danish",
        aliases=(),
        family="divisor",
        name="Danish (1, 4, 7, …)",
        reference="Denmark Folketingsvalgloven §77 (constituency seats in the multi-member "
        "districts, until 1953)",
        divisor=divisors.DANISH,
    ),
    Method(
        id="imperiali",
        aliases=(),
        family="divisor",
        name="Imperiali divisors (2, 3, 4, …)",
        reference="Belgium, Code électoral communal art. 56 (municipal councils)",
        divisor=divisors.IMPERIALI,
    ),
    Method(
        id="hare",
        aliases=("hamilton", "hare_niemeyer", "vinton"),
        family="quota",
        name="Hare quota, largest remainder (Hamilton)",
        reference="T. Hare (1859); A. Hamilton (1792); Bundeswahlgesetz §6 (1985-2008)",
        quota=quotas.HARE,
    ),
    Method(
        id="droop",
        aliases=("droop_integer",),
        family="quota",
        name="Droop quota floor(v/(s+1)) + 1, largest remainder",
        reference="H. R. Droop (1881); Ireland Electoral Act 1992 s.120 (as a quota)",
        quota=quotas.DROOP,
    ),
    Method(
        id="hagenbach_bischoff",
        aliases=("droop_exact",),
        family="quota",
        name="Hagenbach-Bischoff (exact Droop) quota v/(s+1), largest remainder",
        reference="E. Hagenbach-Bischoff (1888); Greece, Law 4654/2020 (as a quota)",
        quota=quotas.HAGENBACH_BISCHOFF,
    ),
    Method(
        id="imperiali_quota",
        aliases=(),
        family="quota",
        name="Imperiali quota v/(s+2), largest remainder",
        reference="Italy, Senate electoral law of 1948 (Legge 6 febbraio 1948 n. 29)",
        quota=quotas.IMPERIALI_QUOTA,
    ),
)


USER_DIVISORS = Method(
    id="divisors",
    aliases=(),
    family="divisor",
    name="any increasing divisor sequence given, continued by its last step",
    reference="F. Pukelsheim, Proportional Representation (2017), ch. 3 (divisor methods "
    "as sequences of divisors)",
)
"""The method run with a divisor sequence the user gives (``divisors_given``); not looked up
by id, since it is nothing without its sequence."""

LISTED: tuple[Method, ...] = (*METHODS, USER_DIVISORS)
"""Every method a user can name: the registry and the user's divisor sequence."""


class _Options(TypedDict):
    threshold: str | int | Fraction | Threshold | None
    valid_total: int | None
    min_seats: Bound
    max_seats: Bound
    prior_seats: Mapping[UnitId, int] | None
    exclude: Iterable[UnitId]
    exempt: Iterable[UnitId]
    tie_break: str | TieBreak | None


def _index() -> dict[str, Method]:
    table: dict[str, Method] = {}
    for method in METHODS:
        for key in (method.id, *method.aliases):
            table[key] = method
    return table


_BY_ID = _index()


def get_method(method_id: str) -> Method:
    """The registered method with this id or alias.

    >>> get_method("webster").id
    'sainte_lague'
    """
    try:
        return _BY_ID[method_id]
    except KeyError:
        raise UnknownMethodError(method_id, [m.id for m in METHODS]) from None


def apportion(
    votes: Mapping[UnitId, int],
    seats: int,
    *,
    method: str = "dhondt",
    first_divisor: Fraction | int | str | None = None,
    divisors_given: Sequence[Fraction | int | str] | None = None,
    threshold: str | int | Fraction | Threshold | None = None,
    valid_total: int | None = None,
    min_seats: Bound = None,
    max_seats: Bound = None,
    prior_seats: Mapping[UnitId, int] | None = None,
    exclude: Iterable[UnitId] = (),
    exempt: Iterable[UnitId] = (),
    tie_break: str | TieBreak | None = REFUSE,
) -> Allocation:
    """Allocate ``seats`` among units by a registered method.

    ``first_divisor`` sets the first divisor of ``modified_sainte_lague``; ``divisors_given``
    runs the divisor method with exactly these divisors (``method="divisors"``).

    >>> dict(apportion({"A": 411026, "B": 284035, "C": 228103}, 10,
    ...                method="modified_sainte_lague", first_divisor="1.7").seats)
    {'A': 5, 'B': 3, 'C': 2}
    """
    common = _Options(
        threshold=threshold,
        valid_total=valid_total,
        min_seats=min_seats,
        max_seats=max_seats,
        prior_seats=prior_seats,
        exclude=exclude,
        exempt=exempt,
        tie_break=tie_break,
    )
    if method == "divisors" or divisors_given is not None:
        if divisors_given is None:
            raise DataError(
                "method 'divisors' needs the divisor sequence (divisors_given=, or --divisors)"
            )
        return divisors.allocate(votes, seats, divisors.custom(divisors_given), **common)
    entry = get_method(method)
    if first_divisor is not None and entry.id != "modified_sainte_lague":
        raise DataError(f"first divisor applies to modified_sainte_lague only (method {method!r})")
    if entry.divisor is not None:
        rule = entry.divisor
        if first_divisor is not None:
            rule = divisors.modified_sainte_lague(first_divisor)
        return divisors.allocate(votes, seats, rule, **common)
    if entry.quota is None:
        raise UnknownMethodError(method, [m.id for m in METHODS])
    return quotas.allocate(votes, seats, entry.quota, **common)


__all__ = ["LISTED", "METHODS", "USER_DIVISORS", "Method", "apportion", "get_method"]
