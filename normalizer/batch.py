"""Batch annotation: many texts, in order, on all cores, in flat memory.

Accepts: a :class:`~normalizer.normalizer.Normalizer` and any iterable of ``str``.
Guarantees: results come back in input order; the input is consumed lazily (at most a
bounded window of texts is in flight), so memory does not grow with the corpus; each
worker process receives the normalizer once (forked on POSIX, so it shares the index
built here; elsewhere its table and config, and it builds its own index); with
``processes=1`` (or one core) everything runs in this process. While a batch runs, the
objects alive when it started (the index above all) are frozen out of the garbage
collector's scans (:func:`frozen_heap`): a full collection over a large index took a
third of corpus time, and in forked workers it copied the shared pages.
Does not: catch errors in a text — a ``TypeError`` for a non-str is raised to the caller.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from normalizer.model import Mention

if TYPE_CHECKING:
    from normalizer.normalizer import Normalizer

#: Chunks in flight per worker process.
WINDOW_PER_WORKER = 4
_WORKER: Normalizer | None = None


def _init(norm: Normalizer) -> None:
    global _WORKER
    _WORKER = norm


def _work(texts: list[str]) -> list[list[Mention]]:
    assert _WORKER is not None
    return [_WORKER.annotate(t) for t in texts]


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(texts)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def cores() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Move every object alive now out of the garbage collector's reach until the block ends
    (:func:`gc.freeze`, then :func:`gc.unfreeze`): they are not scanned again (nor, in forked
    workers, written to) while the block runs. Does nothing if the caller froze objects already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def annotate_stream(norm: Normalizer, texts: Iterable[str], *, processes: int | None = None,
                    chunksize: int = 16) -> Iterator[list[Mention]]:
    """Yield ``norm.annotate(text)`` for each text, in order (see the module contract)."""
    if processes is not None and (not isinstance(processes, int) or isinstance(processes, bool) or processes < 1):
        raise ValueError(f"processes must be a positive int or None, got {processes!r}")
    if not isinstance(chunksize, int) or isinstance(chunksize, bool) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive int, got {chunksize!r}")
    workers = cores() if processes is None else processes
    _ = norm.spotter  # build the index once here: forked workers share it
    with frozen_heap():
        if workers == 1:
            for text in texts:
                yield norm.annotate(text)
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        # Pool.imap would drain the input in a feeder thread; submit chunks ourselves and keep
        # at most WINDOW_PER_WORKER of them per worker in flight, so memory stays flat.
        with context.Pool(workers, initializer=_init, initargs=(norm,)) as pool:
            pending: collections.deque[AsyncResult[list[list[Mention]]]] = collections.deque()
            for chunk in _chunks(texts, chunksize):
                pending.append(pool.apply_async(_work, (chunk,)))
                if len(pending) >= WINDOW_PER_WORKER * workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
