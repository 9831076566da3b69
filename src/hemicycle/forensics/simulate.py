"""Simulated polling stations, clean or with planted fraud, for calibrating the tests.

A clean station ``i`` has ``registered_i`` voters (log-normal sizes), a turnout ``t_i`` and list
shares drawn around national values (Beta and Dirichlet), and then counts drawn as
``issued ~ Binomial(registered, t)``, ``invalid ~ Binomial(issued, q)``, list votes
``~ Multinomial(issued - invalid, shares)``; so ``cast = issued``, the lists add up to ``valid``
and ``valid + invalid = cast``. Fraud is planted on a chosen fraction of stations:

- ``integer``: turnout and the leader's share are moved to the nearest whole percentage (the
  rounding to targets found by Kobak, Shpilkin & Pshenichnikov 2016);
- ``stuffing``: the Klimek et al. (2012) mechanism, a fraction ``x`` of the non-voters and of the
  other lists' voters is turned into votes for the leader (incremental fraud; extreme fraud
  with ``x`` near 1);
- ``invented``: counts of every list replaced by made-up numbers with human digit habits
  (more 0 and 5 at the end, no repeated last digits; Beber & Scacco 2012);
- ``second digits``: counts made up from round figures: the second digit is drawn with a
  preference for 0 and 5 (a count written as "a little over 300" or "about 450"), the last
  digit left as it was;
- ``no adjacent digits``: last digits written by people who avoid a last digit next to the
  tens digit (Beber & Scacco 2012: 23 or 76 look less random to them than 27).

Everything is seeded: the same seed gives the same stations.

>>> clean = clean_stations(200, seed=1)
>>> bool((clean.votes.sum(axis=1) == clean.valid).all()), len(clean)
(True, 200)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Counts = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulatedStations:
    """Simulated counts in the tidy station layout (list 0 is the leader)."""

    registered: Counts
    issued: Counts
    cast: Counts
    valid: Counts
    invalid: Counts
    votes: npt.NDArray[np.int64]
    regions: npt.NDArray[np.object_]
    fraud: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.registered.size)

    @property
    def leader(self) -> Counts:
        return np.ascontiguousarray(self.votes[:, 0])


def clean_stations(
    n: int,
    *,
    seed: int,
    shares: tuple[float, ...] = (0.45, 0.3, 0.15, 0.1),
    turnout: float = 0.6,
    median_size: int = 1200,
    size_spread: float = 0.5,
    concentration: float = 60.0,
    invalid: float = 0.02,
    regions: int = 10,
) -> SimulatedStations:
    """``n`` clean stations: binomial and multinomial counts around national shares."""
    rng = np.random.default_rng(seed)
    registered = np.maximum(np.round(median_size * rng.lognormal(0.0, size_spread, n)), 100).astype(
        np.int64
    )
    region = rng.integers(0, regions, n)
    region_shift = rng.normal(0.0, 0.3, (regions, len(shares)))
    base = np.log(np.asarray(shares))[None, :] + region_shift[region]
    alpha = concentration * np.exp(base) / np.exp(base).sum(axis=1, keepdims=True)
    gammas = rng.gamma(alpha)
    station_shares = gammas / gammas.sum(axis=1, keepdims=True)
    t = rng.beta(turnout * 40, (1 - turnout) * 40, n)
    issued = rng.binomial(registered, t).astype(np.int64)
    spoilt = rng.binomial(issued, invalid).astype(np.int64)
    valid = issued - spoilt
    votes = rng.multinomial(valid, station_shares).astype(np.int64)
    return SimulatedStations(
        registered=registered,
        issued=issued,
        cast=issued.copy(),
        valid=valid,
        invalid=spoilt,
        votes=votes,
        regions=np.asarray([f"R{r:02d}" for r in region], dtype=object),
        fraud=np.zeros(n, dtype=bool),
    )


def _chosen(n: int, fraction: float, rng: np.random.Generator, where: Counts | None) -> Counts:
    pool = np.arange(n) if where is None else np.flatnonzero(where)
    k = round(float(fraction * n))
    return np.sort(rng.choice(pool, size=min(k, pool.size), replace=False))


def plant_integer_percentages(
    clean: SimulatedStations, fraction: float, *, seed: int
) -> SimulatedStations:
    """Round turnout and the leader's share to whole percentages on ``fraction`` of stations.

    Turnout is rounded by changing ``issued`` (the change goes to or from the leader's votes);
    then the leader's share of the ballots cast is rounded by moving votes between the leader
    and the other lists.
    """
    rng = np.random.default_rng(seed)
    picked = _chosen(len(clean), fraction, rng, None)
    registered = clean.registered.copy()
    issued, valid = clean.issued.copy(), clean.valid.copy()
    invalid, votes = clean.invalid.copy(), clean.votes.copy()
    for i in picked:
        target = round(float(100 * issued[i] / registered[i]))
        new_issued = round(float(target * registered[i] / 100))
        delta = new_issued - issued[i]
        if votes[i, 0] + delta < 0 or new_issued > registered[i]:
            continue
        issued[i], valid[i] = new_issued, valid[i] + delta
        votes[i, 0] += delta
        share = round(float(100 * votes[i, 0] / issued[i])) if issued[i] else 0
        wanted = round(float(share * issued[i] / 100))
        move = wanted - votes[i, 0]
        others = votes[i, 1:]
        if move > 0 and others.sum() >= move:
            take = rng.multivariate_hypergeometric(others, move)
            votes[i, 1:] -= take
            votes[i, 0] += move
        elif move < 0:
            votes[i, 0] += move
            votes[i, 1] -= move
    fraud = clean.fraud.copy()
    fraud[picked] = True
    return SimulatedStations(
        registered=registered,
        issued=issued,
        cast=issued.copy(),
        valid=valid,
        invalid=invalid,
        votes=votes,
        regions=clean.regions,
        fraud=fraud,
    )


def plant_stuffing(
    clean: SimulatedStations,
    incremental: float,
    extreme: float = 0.0,
    *,
    seed: int,
    theta: float = 0.1,
    alpha: float = 2.0,
) -> SimulatedStations:
    """Klimek et al. (2012) ballot stuffing and vote stealing for the leader (list 0).

    On a fraction ``incremental`` of stations a share ``x ~ |N(0, theta)|`` of the non-voters is
    stuffed for the leader and a share ``x**alpha`` of the other lists' votes is moved to it;
    on a fraction ``extreme`` of stations ``x ~ 1 - |N(0, 0.075)|``.
    """
    rng = np.random.default_rng(seed)
    n = len(clean)
    draw = rng.random(n)
    x = np.zeros(n)
    inc = draw < incremental
    ext = (draw >= incremental) & (draw < incremental + extreme)
    x[inc] = np.minimum(np.abs(rng.normal(0, theta, inc.sum())), 1.0)
    x[ext] = np.clip(1 - np.abs(rng.normal(0, 0.075, ext.sum())), 0.0, 1.0)
    stuffed = np.floor(x * (clean.registered - clean.issued)).astype(np.int64)
    votes = clean.votes.copy()
    stolen = np.floor((x**alpha)[:, None] * votes[:, 1:]).astype(np.int64)
    votes[:, 1:] -= stolen
    votes[:, 0] += stolen.sum(axis=1) + stuffed
    issued = clean.issued + stuffed
    return SimulatedStations(
        registered=clean.registered.copy(),
        issued=issued,
        cast=issued.copy(),
        valid=clean.valid + stuffed,
        invalid=clean.invalid.copy(),
        votes=votes,
        regions=clean.regions,
        fraud=inc | ext,
    )


def plant_invented_counts(
    clean: SimulatedStations, fraction: float, *, seed: int
) -> SimulatedStations:
    """Replace every list's count on ``fraction`` of stations by a made-up number.

    The invented count keeps the leading digits of the true count but its last digit is drawn
    with human habits: 0 and 5 twice as often, and never equal to the tens digit.
    """
    rng = np.random.default_rng(seed)
    picked = _chosen(len(clean), fraction, rng, None)
    votes = clean.votes.copy()
    habit = np.array([2, 1, 1, 1, 1, 2, 1, 1, 1, 1], dtype=np.float64)
    for i in picked:
        for j in range(votes.shape[1]):
            count = int(votes[i, j])
            if count < 10:
                continue
            tens = (count // 10) % 10
            weights = habit.copy()
            weights[tens] = 0.0
            units = int(rng.choice(10, p=weights / weights.sum()))
            votes[i, j] = count - count % 10 + units
    return _replace_counts(clean, picked, votes)


def _replace_counts(
    clean: SimulatedStations, picked: Counts, votes: npt.NDArray[np.int64]
) -> SimulatedStations:
    """The stations with new list counts on ``picked`` (valid, issued and cast follow them)."""
    valid = votes.sum(axis=1)
    fraud = clean.fraud.copy()
    fraud[picked] = True
    issued = valid + clean.invalid
    return SimulatedStations(
        registered=np.maximum(clean.registered, issued),
        issued=issued,
        cast=issued.copy(),
        valid=valid,
        invalid=clean.invalid.copy(),
        votes=votes,
        regions=clean.regions,
        fraud=fraud,
    )


def plant_second_digits(
    clean: SimulatedStations, fraction: float, *, seed: int
) -> SimulatedStations:
    """Make up every list's count of 100 or more from a round figure on ``fraction`` of stations.

    The first digit and the magnitude stay; the second digit is drawn with 0 three times and 5
    twice as likely as each other digit; the digits after it, and so the last digit, are kept.
    The second-digit tests are built to see this; the last-digit tests are not.
    """
    rng = np.random.default_rng(seed)
    picked = _chosen(len(clean), fraction, rng, None)
    votes = clean.votes.copy()
    habit = np.array([3, 1, 1, 1, 1, 2, 1, 1, 1, 1], dtype=np.float64)
    for i in picked:
        for j in range(votes.shape[1]):
            count = int(votes[i, j])
            if count < 100:
                continue
            scale = 10 ** (len(str(count)) - 2)
            second = (count // scale) % 10
            drawn = int(rng.choice(10, p=habit / habit.sum()))
            votes[i, j] = count + (drawn - second) * scale
    return _replace_counts(clean, picked, votes)


def plant_avoided_adjacency(
    clean: SimulatedStations, fraction: float, *, seed: int
) -> SimulatedStations:
    """Rewrite the last digit of every list's count on ``fraction`` of stations so that it is
    never next to the tens digit (uniform over the other digits), as people inventing numbers
    do (Beber & Scacco 2012). The adjacent-pair test is built to see this.
    """
    rng = np.random.default_rng(seed)
    picked = _chosen(len(clean), fraction, rng, None)
    votes = clean.votes.copy()
    for i in picked:
        for j in range(votes.shape[1]):
            count = int(votes[i, j])
            if count < 10:
                continue
            tens = (count // 10) % 10
            allowed = [d for d in range(10) if abs(d - tens) != 1]
            votes[i, j] = count - count % 10 + int(rng.choice(allowed))
    return _replace_counts(clean, picked, votes)


__all__ = [
    "SimulatedStations",
    "clean_stations",
    "plant_avoided_adjacency",
    "plant_integer_percentages",
    "plant_invented_counts",
    "plant_second_digits",
    "plant_stuffing",
]
