"""Batches drawn for a batch-comparison audit exactly as Arlo draws them.

Arlo (VotingWorks, ``server/audit_math/sampler.py``, ``draw_ppeb_sample``) does not draw
batches with Rivest's consistent sampler but with numpy: the generator is
``numpy.random.default_rng(int(SHA-256(seed), 16))`` — PCG64 seeded through ``SeedSequence``
with the seed's 256-bit digest — and ``generator.choice(batches, n, p=weights, replace=True)``
draws the first ``n`` batches of the whole sample, every round from the start. Batch ``p`` has
the weight ``u_p / U`` (PPEB, Aslam, Popa & Rivest 2008), computed with Python's default
``decimal`` context (28 significant digits) and converted to a float. ``choice`` reads one
``generator.random()`` per draw and picks the first batch whose normalised cumulative weight
exceeds it (``searchsorted(cdf, u, side="right")``); that is done here directly on the same
PCG64 stream, so the draw does not depend on how a numpy release implements ``choice``.

When the draws so far plus the new ones reach the number of batches, Arlo counts every batch
instead: the batches drawn before, then every other batch in sorted order.

Each draw gets a ticket number only for show and for the order of review: a batch's first
ticket is Rivest's ``first_fraction(repr((jurisdiction, batch)), seed)``, each later one
``next_fraction`` of the previous ticket *as trimmed* to 18 digits, as Arlo chains them.
The whole result is pinned against Arlo's snapshot tests (``test_sampler.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from hemicycle.audit.sampling import first_fraction, next_fraction, sha256_hex, trim
from hemicycle.errors import DataError

BatchKey = tuple[str, str]
"""A batch as Arlo names it: ``(jurisdiction, batch)``."""

# Python's default decimal context, in which Arlo computes the error bounds and their shares.
_ARLO_DECIMAL = Context(prec=28)


@dataclass(frozen=True, slots=True, kw_only=True)
class SampledBatch:
    """One draw of the batch sample.

    Attributes:
        draw: the position of the draw in the whole sample, from 1.
        ticket: the ticket number, trimmed to 18 digits as Arlo shows it.
        jurisdiction: the batch's jurisdiction ("" when the manifest names none).
        batch: the batch's name.
        generation: 1 for the batch's first draw, 2 for its second, …
    """

    draw: int
    ticket: str
    jurisdiction: str
    batch: str
    generation: int


def arlo_weights(bounds: Sequence[Fraction]) -> list[float]:
    """Each batch's probability ``u_p / U`` as Arlo computes it (28-digit decimals, a float).

    Bounds are rounded to 28 digits, summed in order with rounding after each addition, and
    each rounded bound is divided by the sum, as ``macro.compute_U`` and ``draw_ppeb_sample``
    do.

    >>> arlo_weights([Fraction(2, 5), Fraction(1, 5), Fraction(1, 5)])
    [0.5, 0.25, 0.25]
    """
    if any(bound < 0 for bound in bounds):
        raise DataError("error bounds must be >= 0")
    rounded = [_ARLO_DECIMAL.divide(Decimal(b.numerator), Decimal(b.denominator)) for b in bounds]
    total = Decimal(0)
    for value in rounded:
        total = _ARLO_DECIMAL.add(total, value)
    if total == 0:
        raise DataError("no batch can hold an error: every error bound is 0")
    return [float(_ARLO_DECIMAL.divide(value, total)) for value in rounded]


def arlo_uniforms(seed: str, count: int) -> npt.NDArray[np.float64]:
    """The first ``count`` numbers of ``default_rng(int(SHA-256(seed), 16)).random()``.

    >>> float(arlo_uniforms("12345678901234567890abcdefghijklmnopqrstuvwxyz😊", 1)[0]) > 0
    True
    """
    generator = np.random.Generator(np.random.PCG64(int(sha256_hex(seed), 16)))
    return generator.random(count)


def arlo_batch_sample(
    batches: Sequence[BatchKey],
    bounds: Sequence[Fraction],
    seed: str,
    size: int,
    *,
    previous: Sequence[BatchKey] = (),
    digits: int = 18,
) -> list[SampledBatch]:
    """Draws ``len(previous) + 1 …`` of Arlo's PPEB batch sample, with replacement.

    ``batches`` are in the manifest's order (the order of Arlo's batch results), ``bounds``
    their error bounds ``u_p``; ``previous`` lists the batches drawn in earlier rounds, in
    order. When ``len(previous) + size`` reaches the number of batches, the result is every
    batch not drawn before, sorted (a full count), as in Arlo.

    >>> keys = [("Jx 1", f"pct {i}") for i in range(4)]
    >>> [d.batch for d in arlo_batch_sample(keys, [Fraction(1)] * 4, "7", 5)]
    ['pct 0', 'pct 1', 'pct 2', 'pct 3']
    """
    if size < 0:
        raise DataError(f"sample sizes must be >= 0 (got {size})")
    if len(batches) != len(bounds):
        raise DataError(f"{len(batches)} batches but {len(bounds)} error bounds")
    if len(set(batches)) != len(batches):
        duplicate = next(b for b in batches if batches.count(b) > 1)
        raise DataError(f"batch {duplicate[1]!r} of {duplicate[0]!r} appears twice")
    weights = arlo_weights(bounds)
    total = len(previous) + size
    if total >= len(batches):
        keys = list(previous) + sorted(set(batches) - set(previous))
    else:
        cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
        cdf /= cdf[-1]
        picks = np.searchsorted(cdf, arlo_uniforms(seed, total), side="right")
        keys = [batches[int(i)] for i in picks]
    tickets: dict[BatchKey, str] = {}
    generations: dict[BatchKey, int] = {}
    result = []
    for draw, key in enumerate(keys, start=1):
        if key in tickets:
            ticket = trim(next_fraction(tickets[key]), digits)
        else:
            ticket = trim(first_fraction(repr(key), seed), digits)
        tickets[key] = ticket
        generations[key] = generations.get(key, 0) + 1
        result.append(
            SampledBatch(
                draw=draw,
                ticket=ticket,
                jurisdiction=key[0],
                batch=key[1],
                generation=generations[key],
            )
        )
    return result[len(previous) :]


__all__ = ["BatchKey", "SampledBatch", "arlo_batch_sample", "arlo_uniforms", "arlo_weights"]
