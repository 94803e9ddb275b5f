"""Batch annotation: many texts, in order, on all cores, in flat memory.

Accepts: a :class:`~normalizer.normalizer.Normalizer` and any iterable of ``str``.
Guarantees: results come back in input order; the input is consumed lazily (at most a
bounded window of texts is in flight), so memory does not grow with the corpus; each
worker process receives the normalizer once (its table and config) and builds its own
index; with ``processes=1`` (or one core) everything runs in this process.
Does not: catch errors in a text — a ``TypeError`` for a non-str is raised to the caller.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from normalizer.model import Mention

if TYPE_CHECKING:
    from normalizer.normalizer import Normalizer

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


def annotate_stream(norm: Normalizer, texts: Iterable[str], *, processes: int | None = None,
                    chunksize: int = 16) -> Iterator[list[Mention]]:
    """Yield ``norm.annotate(text)`` for each text, in order (see the module contract)."""
    if processes is not None and (not isinstance(processes, int) or isinstance(processes, bool) or processes < 1):
        raise ValueError(f"processes must be a positive int or None, got {processes!r}")
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive int, got {chunksize!r}")
    workers = cores() if processes is None else processes
    if workers == 1:
        for text in texts:
            yield norm.annotate(text)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(workers, initializer=_init, initargs=(norm,)) as pool:
        # imap keeps order; it reads ahead, so bound the window by feeding it lazily.
        for result in pool.imap(_work, _chunks(texts, chunksize)):
            yield from result
