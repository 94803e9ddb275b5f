"""A bounded memo, the one cache utility of the package's per-instance caches.

Accepts: hashable keys and a function that makes a missing value.
Guarantees: at most ``2 * size`` entries in two generations — a hit in the older
generation moves to the newer; when the newer is full it becomes the older and the old
one is dropped — so frequent keys stay, memory is bounded, and no per-lookup bookkeeping
is done. Safe to share between threads for reading (a race at worst computes a value twice).
:meth:`Memo.clear` empties it.
Does not: hold anything across :class:`~normalizer.core.resolver.Resolver` instances (each
owns its memos; see :meth:`~normalizer.core.resolver.Resolver.clear_caches`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
_MISSING = object()


class Memo(Generic[K, V]):
    """A bounded memo in two generations (see the module contract).

    >>> memo: Memo[str, int] = Memo(2)
    >>> memo.get("a", lambda: 1), memo.get("a", lambda: 2)
    (1, 1)
    >>> len(memo)
    1
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"memo size must be at least 1, got {size!r}")
        self.size = size
        self.new: dict[K, V] = {}
        self.old: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        """Return the value for ``key``, computing it with ``make`` when neither generation has it."""
        value = self.new.get(key, _MISSING)  # one lookup: another thread may swap generations
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        value = self.old.get(key, _MISSING)
        if value is _MISSING:
            value = make()
        if len(self.new) >= self.size:
            self.old, self.new = self.new, {}
        self.new[key] = value  # type: ignore[assignment]
        return value  # type: ignore[return-value]

    def peek(self, key: K) -> V | None:
        """Return the value for ``key`` from the newer generation, or None (the hot path's fast test)."""
        return self.new.get(key)

    def clear(self) -> None:
        """Forget every entry."""
        self.new, self.old = {}, {}

    def __len__(self) -> int:
        return len(self.new) + len(self.old)
