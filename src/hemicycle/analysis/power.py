"""Exact voting power indices of simple games, as fractions.

- Banzhaf (normalised): a player's swings over all players' swings (Banzhaf, *Weighted Voting
  Doesn't Work*, Rutgers Law Review 19, 1965).
- Penrose–Banzhaf absolute: swings over ``2**(n-1)``, the probability of being decisive
  (Penrose, J. R. Statist. Soc. 109, 1946).
- Shapley–Shubik: ``Σ_S |S|!(n-|S|-1)!/n!`` over swings ``S`` (Shapley & Shubik, APSR 48,
  1954).
- Deegan–Packel: each minimal winning coalition is equally likely and shares its power equally
  among its members (Int. J. Game Theory 7, 1978).
- Holler public good index: minimal winning coalitions containing the player over the sum of
  that number over all players (Holler, Political Studies 30, 1982).
- Johnston: in each winning coalition every critical member gets ``1/(number of critical
  members)``; normalised (Johnston, Int. J. Game Theory 7, 1978).
- Coleman: the power of the collectivity to act ``|W|/2**n``, of a member to prevent action
  (swings over ``|W|``) and to initiate action (swings over the losing coalitions) (Coleman,
  *Control of Collectivities and the Power of a Collectivity to Act*, 1971).

Banzhaf, Shapley–Shubik and Coleman use the exact counting engines of
:mod:`hemicycle.analysis.counting`, so weighted games of hundreds of players are exact.
Deegan–Packel and Holler count the minimal winning coalitions of a weighted game, and
Johnston the winning coalitions by their number of critical members, by dynamic programming
over the weights (the US Electoral College's 51 units in about a second); for other games
coalitions are enumerated, up to :data:`~hemicycle.analysis.games.ENUMERATION_LIMIT` players.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from hemicycle.analysis.counting import (
    MinimalProfile,
    SwingProfile,
    minimal_profile,
    swing_profile,
    weighted_johnston,
    weighted_minimal_profile,
    winning_count,
)
from hemicycle.analysis.games import DualGame, Game, MultiLayerGame, WeightedGame
from hemicycle.core.result import fraction_text
from hemicycle.errors import UnknownMethodError


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerIndex:
    """A registered index: its id, name, reference and function."""

    id: str
    name: str
    reference: str
    compute: Callable[[Game], tuple[Fraction, ...]]


def _ratio(numerator: int, denominator: int) -> Fraction:
    return Fraction(numerator, denominator) if denominator else Fraction(0)


def _totals(game: Game) -> SwingProfile:
    return swing_profile(game, sizes=False)


def banzhaf(game: Game) -> tuple[Fraction, ...]:
    """Normalised Banzhaf index: ``ηᵢ / Σⱼ ηⱼ``."""
    profile = _totals(game)
    swings = [profile.total_swings(i) for i in range(profile.n)]
    return tuple(_ratio(s, sum(swings)) for s in swings)


def penrose(game: Game) -> tuple[Fraction, ...]:
    """Penrose–Banzhaf absolute index: ``ηᵢ / 2^(n-1)``."""
    profile = _totals(game)
    return tuple(Fraction(profile.total_swings(i), 2 ** (profile.n - 1)) for i in range(profile.n))


def shapley_shubik(game: Game) -> tuple[Fraction, ...]:
    """Shapley–Shubik index: ``Σₖ swingsᵢ(k)·k!(n-k-1)!/n!``.

    >>> from hemicycle.analysis.games import WeightedGame
    >>> shapley_shubik(WeightedGame(("A", "B", "C"), (50, 49, 1), 51))
    (Fraction(2, 3), Fraction(1, 6), Fraction(1, 6))
    """
    profile = swing_profile(game)
    n = profile.n
    factorial = math.factorial(n)
    weights = [math.factorial(k) * math.factorial(n - k - 1) for k in range(n)]
    return tuple(
        Fraction(sum(c * w for c, w in zip(profile.swings[i], weights, strict=True)), factorial)
        for i in range(n)
    )


def coleman_prevent(game: Game) -> tuple[Fraction, ...]:
    """Coleman's power of a member to prevent action: ``ηᵢ / |W|``."""
    profile = _totals(game)
    return tuple(_ratio(profile.total_swings(i), profile.total_winning) for i in range(profile.n))


def coleman_initiate(game: Game) -> tuple[Fraction, ...]:
    """Coleman's power of a member to initiate action: ``ηᵢ / (2^n − |W|)``."""
    profile = _totals(game)
    losing = 2**profile.n - profile.total_winning
    return tuple(_ratio(profile.total_swings(i), losing) for i in range(profile.n))


def coleman_collectivity(game: Game) -> Fraction:
    """Coleman's power of the collectivity to act: ``|W| / 2^n``.

    >>> from hemicycle.analysis.games import WeightedGame
    >>> coleman_collectivity(WeightedGame(("A", "B", "C"), (1, 1, 1), 2))
    Fraction(1, 2)
    """
    return Fraction(winning_count(game), 2**game.n)


def _minimal(game: Game, *, sizes: bool = True) -> MinimalProfile:
    if isinstance(game, WeightedGame):
        return weighted_minimal_profile(game, sizes=sizes)
    return minimal_profile(game)


def deegan_packel(game: Game) -> tuple[Fraction, ...]:
    """Deegan–Packel index: ``(1/|M|) Σ_{S ∈ M, i ∈ S} 1/|S|`` over minimal winning ``M``."""
    profile = _minimal(game)
    count = sum(profile.minimal_total)
    return tuple(
        sum((Fraction(c, k) for k, c in enumerate(per_size) if c), Fraction(0)) / count
        for per_size in profile.minimal
    )


def holler(game: Game) -> tuple[Fraction, ...]:
    """Holler's public good index: ``mᵢ / Σⱼ mⱼ``, ``mᵢ`` the minimal winning coalitions
    containing ``i``."""
    profile = _minimal(game, sizes=False)
    counts = [sum(per_size) for per_size in profile.minimal]
    return tuple(_ratio(c, sum(counts)) for c in counts)


def johnston(game: Game) -> tuple[Fraction, ...]:
    """Johnston index: ``Σ 1/c(S)`` over winning ``S`` where ``i`` is critical, normalised;
    counted over the weights for a weighted game (:func:`weighted_johnston`), by enumeration
    for other games (at most ``ENUMERATION_LIMIT`` players)."""
    if isinstance(game, WeightedGame):
        raw = weighted_johnston(game)
    else:
        raw = minimal_profile(game).johnston
    total = sum(raw, Fraction(0))
    return tuple(r / total if total else Fraction(0) for r in raw)


INDICES: tuple[PowerIndex, ...] = (
    PowerIndex(
        id="banzhaf",
        name="Banzhaf (normalised)",
        reference="J. F. Banzhaf, Rutgers Law Review 19 (1965)",
        compute=banzhaf,
    ),
    PowerIndex(
        id="penrose",
        name="Penrose–Banzhaf absolute",
        reference="L. S. Penrose, J. R. Statist. Soc. 109 (1946)",
        compute=penrose,
    ),
    PowerIndex(
        id="shapley_shubik",
        name="Shapley–Shubik",
        reference="L. S. Shapley & M. Shubik, APSR 48 (1954)",
        compute=shapley_shubik,
    ),
    PowerIndex(
        id="deegan_packel",
        name="Deegan–Packel",
        reference="J. Deegan & E. W. Packel, Int. J. Game Theory 7 (1978)",
        compute=deegan_packel,
    ),
    PowerIndex(
        id="holler",
        name="Holler public good index",
        reference="M. J. Holler, Political Studies 30 (1982)",
        compute=holler,
    ),
    PowerIndex(
        id="johnston",
        name="Johnston",
        reference="R. J. Johnston, Int. J. Game Theory 7 (1978)",
        compute=johnston,
    ),
    PowerIndex(
        id="coleman_prevent",
        name="Coleman power to prevent action",
        reference="J. S. Coleman, in Social Choice (1971)",
        compute=coleman_prevent,
    ),
    PowerIndex(
        id="coleman_initiate",
        name="Coleman power to initiate action",
        reference="J. S. Coleman, in Social Choice (1971)",
        compute=coleman_initiate,
    ),
)

_ALIASES = {"absolute_banzhaf": "penrose", "ss": "shapley_shubik", "public_good": "holler"}
_BY_ID = {index.id: index for index in INDICES}


def get_index(index_id: str) -> PowerIndex:
    """The registered index with this id or alias.

    >>> get_index("ss").name
    'Shapley–Shubik'
    """
    found = _BY_ID.get(_ALIASES.get(index_id, index_id))
    if found is None:
        raise UnknownMethodError(index_id, _BY_ID)
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerResult:
    """One index of one game, per player, exactly, with the power of the collectivity to act.

    ``quota`` is the weight a weighted game needs, or each layer's quota for a multi-layer
    game (with its ``blocking_minimum``; ``dual`` when the game counted is the blocking game
    of that one).
    """

    index: str
    quota: int | Mapping[str, int] | None
    values: Mapping[str, Fraction]
    collectivity: Fraction
    blocking_minimum: int | None = None
    dual: bool = False

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``hemicycle power --format json`` (see DESIGN.md), with
        ``collectivity`` (Coleman's power of the collectivity to act, ``|W| / 2^n``)."""
        body: dict[str, object] = {
            "index": self.index,
            "quota": dict(self.quota) if isinstance(self.quota, Mapping) else self.quota,
            "values": {name: fraction_text(v) for name, v in self.values.items()},
            "collectivity": fraction_text(self.collectivity),
        }
        if self.blocking_minimum is not None:
            body["blocking_minimum"] = self.blocking_minimum
        if self.dual:
            body["dual"] = True
        return body


def power(game: Game, index: str = "banzhaf") -> PowerResult:
    """Compute a power index of ``game`` for every player, and Coleman's power of the
    collectivity to act.

    UN Security Council (five permanent members with a veto, nine votes of fifteen):

    >>> from hemicycle.analysis.games import WeightedGame
    >>> council = WeightedGame(tuple("PQRST") + tuple("abcdefghij"), (7,) * 5 + (1,) * 10, 39)
    >>> result = power(council, "shapley_shubik")
    >>> result.values["P"], result.values["a"], result.collectivity
    (Fraction(421, 2145), Fraction(4, 2145), Fraction(53, 2048))
    """
    entry = get_index(index)
    values = entry.compute(game)
    layered = game.game if isinstance(game, DualGame) else game
    quota: int | Mapping[str, int] | None = None
    blocking: int | None = None
    if isinstance(layered, MultiLayerGame):
        quota = MappingProxyType({layer.name: layer.quota for layer in layered.layers})
        blocking = layered.blocking_minimum
    else:
        quota = layered.quota
    return PowerResult(
        index=entry.id,
        quota=quota,
        values=MappingProxyType(dict(zip(game.players, values, strict=True))),
        collectivity=coleman_collectivity(game),
        blocking_minimum=blocking,
        dual=isinstance(game, DualGame),
    )


__all__ = [
    "INDICES",
    "PowerIndex",
    "PowerResult",
    "banzhaf",
    "coleman_collectivity",
    "coleman_initiate",
    "coleman_prevent",
    "deegan_packel",
    "get_index",
    "holler",
    "johnston",
    "penrose",
    "power",
    "shapley_shubik",
]
