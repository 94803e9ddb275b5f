"""Caches: the bounded :class:`Memo` that instances own, and :func:`cached` for pure functions.

Two kinds, and only these two:

- :class:`Memo` — a bounded memo in two generations, owned by one
  :class:`~normalizer.core.resolver.Resolver`, its index or its spotter (answers that depend
  on the table: candidate tokens, word analyses, decisions, matches). Two Normalizers never
  share one.
- :func:`cached` — ``functools.lru_cache`` for pure functions of strings and of the bundled
  rule files (a token's reading, a key, a rule table parsed once). What they return depends
  on no table, so every Normalizer of the process shares them. Each is registered, so
  :func:`clear_process_caches` empties them all — after a rule file was edited in a running
  process, say (``Normalizer.clear_caches()`` calls it, with the instance's memos).

Every size is a named constant of :mod:`normalizer.config`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

K = TypeVar("K")
V = TypeVar("V")
P = ParamSpec("P")
R = TypeVar("R")
_MISSING = object()
_REGISTRY: list[Any] = []
_LOCK = threading.Lock()


def cached(size: int | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoise a pure function (``functools.lru_cache``) and register it for :func:`clear_process_caches`.

    Args:
        size: entries kept (a constant of :mod:`normalizer.config`); None for a function of
            no argument or of a few fixed ones (a rule table read once).
    """
    def wrap(function: Callable[P, R]) -> Callable[P, R]:
        wrapper = functools.lru_cache(maxsize=size)(function)
        with _LOCK:
            _REGISTRY.append(wrapper)
        return wrapper  # type: ignore[return-value]
    return wrap


def clear_process_caches() -> None:
    """Empty every :func:`cached` function's cache (rule tables are read again on next use)."""
    with _LOCK:
        for wrapper in _REGISTRY:
            wrapper.cache_clear()


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
