"""Rendered outcomes kept in memory, so that a page, its diagram and its report are built once.

An entry is keyed by what it renders and the SHA-256 of the stored result it was built from
(``("outcome", 7, "ab12…")``): a changed result has a new key and can never be served stale.
Publishing, or any other change to what an entry shows, drops every entry of that item.

>>> cache = RenderCache(size=2)
>>> cache.get(("run", 1, "x"), lambda: "built")
'built'
>>> cache.get(("run", 1, "x"), lambda: "rebuilt"), cache.hits, cache.misses
('built', 1, 1)
>>> cache.invalidate("run", 1)
>>> cache.get(("run", 1, "x"), lambda: "rebuilt")
'rebuilt'
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

Key = tuple[str, int, str]


class RenderCache:
    """A thread-safe least-recently-used cache of rendered items.

    Two threads asking for the same missing key build it once: the second waits for the first.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Key, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}
        self._expires: dict[Key, float] = {}

    def _fresh(self, key: Key) -> bool:
        expires = self._expires.get(key)
        return key in self._items and (expires is None or time.monotonic() < expires)

    def get(self, key: Key, build: Callable[[], T], *, seconds: float | None = None) -> T:
        """The cached value of ``key``, built by ``build()`` when missing (or older than
        ``seconds``, when given)."""
        with self._lock:
            if self._fresh(key):
                self._items.move_to_end(key)
                self.hits += 1
                value: T = self._items[key]
                return value
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if self._fresh(key):
                    self.hits += 1
                    found: T = self._items[key]
                    return found
                self.misses += 1
            built = build()
            with self._lock:
                self._items[key] = built
                if seconds is None:
                    self._expires.pop(key, None)
                else:
                    self._expires[key] = time.monotonic() + seconds
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    oldest, _ = self._items.popitem(last=False)
                    self._expires.pop(oldest, None)
                self._building.pop(key, None)
            return built

    def invalidate(self, kind: str, number: int) -> None:
        """Drop every entry of one item (``"outcome", 7``)."""
        with self._lock:
            for key in [k for k in self._items if k[0] == kind and k[1] == number]:
                del self._items[key]

    def clear(self) -> None:
        """Drop everything."""
        with self._lock:
            self._items.clear()


__all__ = ["RenderCache"]
