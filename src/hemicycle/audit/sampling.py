"""Reproducible sampling from a public seed with SHA-256, identical to Rivest's samplers.

Two published algorithms are implemented byte for byte:

* Rivest's 2011 ``sampler.py`` (the reference of the working group chaired by P. B. Stark and
  of Stark's ``sha256Rand`` page): draw ``i`` (from 1) is
  ``a + (SHA-256(seed + "," + str(i)) mod (b - a + 1))``, the digest read as a 256-bit integer
  and strings encoded in UTF-8 (test vectors: C. Jerdonek, *rivest-sampler-tests*).
* Rivest's 2018 *consistent sampler* (``consistent_sampler``, used by Arlo): every object gets
  a pseudorandom *ticket number* in (0, 1) from the seed and its id, and objects are drawn in
  increasing ticket order; with replacement, a drawn object gets a new, larger ticket. Ticket
  numbers are decimal strings of arbitrary precision, so the order is exact. Sampling a subset of
  the objects gives the same relative order as sampling all of them (consistency).
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hemicycle.errors import DataError


def rivest_sample(seed: str, count: int, low: int, high: int) -> list[int]:
    """``count`` draws with replacement from ``low..high`` by Rivest's 2011 ``sampler.py``.

    Draw ``i`` is ``low + int(SHA-256(f"{seed},{i}")) mod (high - low + 1)``.

    >>> rivest_sample("0", 3, 1, 1000)
    [905, 573, 160]
    """
    if count < 0:
        raise DataError(f"sample count must be >= 0 (got {count})")
    if low > high:
        raise DataError(f"range must not be empty (got {low}..{high})")
    size = high - low + 1
    return [
        low + int.from_bytes(hashlib.sha256(f"{seed},{i}".encode()).digest(), "big") % size
        for i in range(1, count + 1)
    ]


def sha256_hex(text: str) -> str:
    """The SHA-256 digest of the UTF-8 text, in lower-case hexadecimal.

    >>> sha256_hex("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_uniform(text: str) -> str:
    """SHA-256 of the text as a decimal fraction ``"0.ddd…"`` (Rivest 2018).

    The digest's decimal digits, zero-padded to 64, are read in reverse order: the low-order
    digits are the unbiased ones.

    >>> sha256_uniform("abc")[:20]
    '0.569980718617928589'
    """
    digits = f"{int(sha256_hex(text), 16):064d}"
    return "0." + digits[::-1]


def first_fraction(object_id: str, seed: str) -> str:
    """The first ticket number of an object: ``sha256_uniform(sha256_hex(seed) + id)``.

    >>> first_fraction("AB-130", "01382438112797316654")[:20]
    '0.262997141228380084'
    """
    return sha256_uniform(sha256_hex(seed) + object_id)


def _leading_nines(fraction: str) -> int:
    """Position of the first digit below 9 after ``"0."`` (the end when there is none)."""
    padded = fraction + "0"
    return next(i for i in range(2, len(padded)) if padded[i] < "9")


def next_fraction(fraction: str) -> str:
    """The next ticket number of an object: a pseudorandom fraction above ``fraction``.

    All digits after the leading nines are replaced by those of
    ``sha256_uniform(f"{fraction}:{i}")`` for ``i = 1, 2, …`` until the result is larger.

    >>> next_fraction("0.25471")[:20]
    '0.642853261655004694'
    """
    if not fraction.startswith("0."):
        raise DataError(f"a ticket number must start with '0.' (got {fraction!r})")
    padded = fraction + "0"
    keep = padded[: _leading_nines(fraction)]
    candidate = "0."
    attempt = 0
    while candidate <= padded:
        attempt += 1
        candidate = keep + sha256_uniform(f"{fraction}:{attempt}")[2:]
    return candidate


def trim(fraction: str, digits: int) -> str:
    """Truncate a ticket number to ``digits`` significant digits after its leading nines.

    >>> trim("0.9991234567890", 4)
    '0.9991234'
    """
    return fraction[: _leading_nines(fraction) + digits]


@dataclass(frozen=True, slots=True, order=True)
class Ticket:
    """A drawn object: its ticket number (full precision), its id and its generation.

    Tickets sort by ticket number, as the string comparison of Rivest's sampler does.
    """

    number: str
    id: str
    generation: int

    def trimmed(self, digits: int) -> str:
        """The ticket number shown with ``digits`` significant digits."""
        return trim(self.number, digits)


def consistent_sample(
    ids: Iterable[str], seed: str, *, with_replacement: bool = False
) -> Iterator[Ticket]:
    """Draw objects in the order of Rivest's consistent sampler (``consistent_sampler.sampler``).

    Yields tickets in increasing ticket order, forever when sampling with replacement. Ids must
    be distinct.

    >>> draws = consistent_sample(["A#2", "B#7", "C#1", "D#4"], "314159", with_replacement=True)
    >>> [next(draws).id for _ in range(8)]
    ['D#4', 'C#1', 'C#1', 'B#7', 'A#2', 'C#1', 'D#4', 'B#7']
    """
    seed_hash = sha256_hex(seed)
    heap: list[Ticket] = []
    seen: set[str] = set()
    for object_id in ids:
        if object_id in seen:
            raise DataError(f"ids to sample must be distinct ({object_id!r} appears twice)")
        seen.add(object_id)
        heap.append(Ticket(sha256_uniform(seed_hash + object_id), object_id, 1))
    heapq.heapify(heap)
    while heap:
        ticket = heapq.heappop(heap)
        if with_replacement:
            heapq.heappush(
                heap, Ticket(next_fraction(ticket.number), ticket.id, ticket.generation + 1)
            )
        yield ticket


__all__ = [
    "Ticket",
    "consistent_sample",
    "first_fraction",
    "next_fraction",
    "rivest_sample",
    "sha256_hex",
    "sha256_uniform",
    "trim",
]
