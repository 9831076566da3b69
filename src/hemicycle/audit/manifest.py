"""Ballot manifests and the reproducible draw of ballots and batches from a public seed.

A ballot manifest lists the physical batches of ballots and how many ballots each holds;
ballot ``k`` of batch ``B`` (counting from 1) is the object with id ``repr((B, k))`` — the
string Arlo hashes for the same ballot — so a sample drawn here with Arlo's seed is the sample
Arlo draws. Ballots are drawn with Rivest's consistent sampler (:mod:`.sampling`); batches for a
batch-comparison audit are drawn with probability proportional to their error bound (PPEB,
Aslam, Popa & Rivest 2008) from the same seed.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.audit.sampling import consistent_sample, sha256_hex, sha256_uniform, trim
from hemicycle.errors import DataError


@dataclass(frozen=True, slots=True, kw_only=True)
class BallotManifest:
    """Batches of ballots in their order of storage: ``(batch name, number of ballots)``.

    >>> BallotManifest.of({"pct 1": 25, "pct 2": 25}).total
    50
    """

    batches: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, batches: Mapping[str, int] | Sequence[tuple[str, int]]) -> BallotManifest:
        """A manifest from ``{batch: ballots}`` or ``[(batch, ballots), …]``, checked."""
        items = list(batches.items()) if isinstance(batches, Mapping) else list(batches)
        seen: set[str] = set()
        for name, count in items:
            if name in seen:
                raise DataError(f"batch {name!r} appears twice in the manifest")
            seen.add(name)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise DataError(f"batch {name!r}: ballots must be an integer >= 0 (got {count!r})")
        return cls(batches=tuple(items))

    @property
    def total(self) -> int:
        """The number of ballots in the manifest."""
        return sum(count for _, count in self.batches)


def ballot_id(batch: str, position: int) -> str:
    """The id hashed for ballot ``position`` of ``batch``, as Arlo forms it.

    >>> ballot_id("pct 2", 3)
    "('pct 2', 3)"
    """
    return repr((batch, position))


@dataclass(frozen=True, slots=True, kw_only=True)
class SampledBallot:
    """One draw of the sample.

    Attributes:
        draw: the position of the draw in the whole sample, from 1.
        ticket: the ticket number, trimmed as Arlo shows it.
        batch: the batch holding the ballot.
        position: the ballot's position in its batch, from 1.
        generation: 1 for the ballot's first draw, 2 for its second (with replacement), …
    """

    draw: int
    ticket: str
    batch: str
    position: int
    generation: int


def sample_ballots(
    manifest: BallotManifest,
    seed: str,
    size: int,
    *,
    already_drawn: int = 0,
    with_replacement: bool = True,
    digits: int = 18,
) -> list[SampledBallot]:
    """Draws ``already_drawn + 1 … already_drawn + size`` of the consistent sample.

    The same seed and manifest always give the same sequence, so round 2 continues round 1.
    Without replacement the sample stops when every ballot is drawn.

    >>> manifest = BallotManifest.of({"pct 1": 25, "pct 2": 25, "pct 3": 25, "pct 4": 25})
    >>> seed = "12345678901234567890abcdefghijklmnopqrstuvwxyz😊"
    >>> first = sample_ballots(manifest, seed, 1)[0]
    >>> first.ticket, first.batch, first.position
    ('0.000617786129909912', 'pct 2', 3)
    """
    if size < 0 or already_drawn < 0:
        raise DataError(f"sample sizes must be >= 0 (got {size} after {already_drawn})")
    where = {
        ballot_id(name, position): (name, position)
        for name, count in manifest.batches
        for position in range(1, count + 1)
    }
    draws = consistent_sample(where, seed, with_replacement=with_replacement)
    chosen = itertools.islice(draws, already_drawn, already_drawn + size)
    result = []
    for index, ticket in enumerate(chosen, start=already_drawn + 1):
        batch, position = where[ticket.id]
        result.append(
            SampledBallot(
                draw=index,
                ticket=ticket.trimmed(digits),
                batch=batch,
                position=position,
                generation=ticket.generation,
            )
        )
    return result


def ppeb_sample(
    bounds: Mapping[str, Fraction], seed: str, size: int, *, already_drawn: int = 0
) -> list[str]:
    """Batches drawn with replacement, each with probability proportional to its error bound.

    Draw ``i`` reads ``u = sha256_uniform(sha256_hex(seed) + ":ppeb:" + str(i))`` as a number in
    (0, 1) and picks the first batch whose cumulative share of the bounds exceeds it, exactly.
    Batches with a zero bound are never drawn.

    >>> ppeb_sample({"a": Fraction(1), "b": Fraction(0)}, "1", 3)
    ['a', 'a', 'a']
    """
    total = sum(bounds.values(), Fraction(0))
    if total <= 0:
        raise DataError("no batch can hold an error: every error bound is 0")
    if any(bound < 0 for bound in bounds.values()):
        raise DataError("error bounds must be >= 0")
    seed_hash = sha256_hex(seed)
    cumulative = list(itertools.accumulate(bounds.values()))
    names = list(bounds)
    picks = []
    for draw in range(already_drawn + 1, already_drawn + size + 1):
        digits = trim(sha256_uniform(f"{seed_hash}:ppeb:{draw}"), 40)[2:]
        point = Fraction(int(digits), 10 ** len(digits)) * total
        picks.append(next(n for n, c in zip(names, cumulative, strict=True) if c > point))
    return picks


__all__ = ["BallotManifest", "SampledBallot", "ballot_id", "ppeb_sample", "sample_ballots"]
