"""Batch annotation: many texts, in order, in worker processes when it pays, in flat memory.

Accepts: an :class:`Annotator` (a :class:`~normalizer.Normalizer`) and any iterable of ``str``.
Guarantees: results come back in input order; the input is consumed lazily (at most a
bounded window of texts is in flight), so memory does not grow with the corpus; each
worker process receives the normalizer once (forked on POSIX, so it shares the index
built here; elsewhere its table and config, and it builds its own index); with
``processes=1`` (or one core) everything runs in this process. However the stream ends,
no worker outlives it: exhausted, the pool is closed and joined; closed early or ended by
an exception (``KeyboardInterrupt`` and the command line's signals too), its workers are
terminated and reaped (:func:`_terminate`). Workers ignore SIGINT (the parent stops them)
and die at once on SIGTERM; signals are blocked while they are forked. While a batch
runs, the objects alive when it started (the index above all) are frozen out of the
garbage collector's scans and full collections are rare (:func:`frozen_heap`): a full
collection over a large index took a third of corpus time, and in forked workers it
copied the shared pages.
Does not: catch errors in a text — a ``TypeError`` for a non-str, naming its position, is
raised to the caller.

``processes=None`` (:func:`default_workers`): one process on a machine with one or two
cores, where workers were measured slower than one process (docs/scale.md); with more,
texts run in this process until :data:`LARGE_INPUT` characters have been read, and only
a longer input goes on in ``cores − 1`` workers, so a small input never pays for a pool.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import Protocol

from normalizer.model import Entity, Match, Mention, Step
from normalizer.table import AliasTable


class Annotator(Protocol):
    """What a batch needs: ``annotate`` one text, a ``spotter`` to build before workers fork,
    and the ``table`` whose entities the mentions name."""

    def annotate(self, text: str) -> list[Mention]: ...  # noqa: D102

    @property
    def spotter(self) -> object: ...  # noqa: D102

    @property
    def table(self) -> AliasTable: ...  # noqa: D102

#: While a batch runs, a full garbage collection follows this many middle-generation ones (default 10).
FULL_COLLECTION_EVERY = 1000
#: Chunks in flight per worker process.
WINDOW_PER_WORKER = 4
#: With ``processes=None``, workers start only on a machine with at least this many cores
#: (the parent, which reads, rebuilds the results and writes, keeps one) …
MIN_CORES_FOR_WORKERS = 3
#: … and only once this many characters of text have run in this process (about 5 s of work).
LARGE_INPUT = 8_000_000
_WORKER: Annotator | None = None


def _init(norm: Annotator) -> None:
    """Set up a worker process: the normalizer, and signals left to the parent.

    Ctrl-C reaches every process of the terminal's group: a worker ignores it, and the
    parent, stopping, terminates the pool. ``Pool.terminate`` sends SIGTERM: a worker
    ends at once (the default action), whatever handler it inherited from the parent,
    without a traceback or a write to a pipe nobody reads any more.
    """
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the parent while it forked: a pending SIGTERM ends us now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _WORKER = norm


#: Signals that stop a batch: blocked while the pool's workers are forked (see _signals_blocked).
_STOP_SIGNALS = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


@contextlib.contextmanager
def _signals_blocked() -> Iterator[Callable[[], None]]:
    """Block SIGINT, SIGTERM and SIGHUP in this thread while the pool is made; yield the
    function that unblocks them (called on leaving at the latest).

    Made while they are blocked, the pool's threads keep them blocked, and its workers
    start with them blocked until :func:`_init` has set their handlers: a signal sent to a
    worker in between waits instead of meeting the parent's handler, or being lost between
    ``fork`` and the interpreter's reset of pending signals (a worker that missed its
    SIGTERM so lived on after the parent, blocked on the task queue). The parent's own
    signal is raised when it unblocks, once the pool is in a ``with`` block that ends it.
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    done = False

    def unblock() -> None:
        nonlocal done
        if not done:
            done = True
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    try:
        yield unblock
    except BaseException:
        unblock()
        raise


def _work(texts: list[str]) -> list[list[Packed]]:
    assert _WORKER is not None
    return [[_pack(m) for m in _WORKER.annotate(t)] for t in texts]


#: A mention as a worker sends it back: plain values, its entity by id, its steps as tuples.
#: Unpickling Mention objects (each Match with its whole Entity, aliases and steps, all
#: rebuilt field by field) cost the parent more than annotating the text cost a worker.
Packed = tuple[int, int, str, str, str, float, str, str, tuple[tuple[str, str, str, str, float | None], ...], str]


def _pack(m: Mention) -> Packed:
    match = m.match
    steps = tuple((s.step, s.rule_id, s.before, s.after, s.score) for s in match.evidence)
    return (m.start, m.end, m.text, match.query, match.entity.id, match.score, match.alias, match.method, steps,
            match.reason)


class _Unpacker:
    """Rebuild packed mentions in the parent, with the parent's own entity objects."""

    def __init__(self, table: AliasTable) -> None:
        self.table = table
        self.entities: dict[str, Entity] = {}

    def __call__(self, packed: list[Packed]) -> list[Mention]:
        out = []
        for start, end, text, query, entity_id, score, alias, method, steps, reason in packed:
            entity = self.entities.get(entity_id)
            if entity is None:
                entity = self.entities[entity_id] = self.table[entity_id]
            match = Match(entity=entity, score=score, alias=alias, method=method, query=query,
                          evidence=tuple(Step(*s) for s in steps), reason=reason)
            out.append(Mention(start, end, text, match))
        return out


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
    """Keep the garbage collector off the objects alive now, and make its full collections rare,
    until the block ends.

    Every object alive on entry is frozen (:func:`gc.freeze`, undone by :func:`gc.unfreeze`
    on exit): it is not scanned again, nor, in forked workers, written to. The threshold of
    full collections is raised to :data:`FULL_COLLECTION_EVERY` young ones (restored on exit):
    the caches of corpus mode are large and long-lived, and a full scan of them cost about
    a tenth of corpus time. Does nothing if the caller froze objects already.
    """
    if gc.get_freeze_count():
        yield
        return
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_COLLECTION_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _checked(texts: Iterable[str]) -> Iterator[str]:
    """The texts, each checked to be a ``str`` before it is sent anywhere; a ``TypeError``
    names the position of the first that is not."""
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            hint = ": decode it first (e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
            raise TypeError(f"text {position} (counting from 0): expected str, got {type(text).__name__}{hint}")
        yield text


def annotate_stream(norm: Annotator, texts: Iterable[str], *, processes: int | None = None,
                    chunksize: int = 16) -> Iterator[list[Mention]]:
    """Return an iterator of ``norm.annotate(text)`` for each text, in order (see the module
    contract). Bad ``processes`` or ``chunksize`` raise ``ValueError`` here, at the call, not
    at the first ``next``."""
    if processes is not None and (not isinstance(processes, int) or isinstance(processes, bool) or processes < 1):
        raise ValueError(f"processes must be a positive int or None, got {processes!r}")
    if not isinstance(chunksize, int) or isinstance(chunksize, bool) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive int, got {chunksize!r}")
    if processes is None:
        workers = default_workers()
        return _stream(norm, _checked(texts), workers, chunksize, head=LARGE_INPUT if workers > 1 else 0)
    return _stream(norm, _checked(texts), processes, chunksize)


def default_workers(available: int | None = None) -> int:
    """Return the worker processes that ``processes=None`` may use on a machine with
    ``available`` cores (default: :func:`cores`): 1 below :data:`MIN_CORES_FOR_WORKERS`,
    else one fewer than the cores.

    >>> default_workers(2), default_workers(4)
    (1, 3)
    """
    count = cores() if available is None else available
    return count - 1 if count >= MIN_CORES_FOR_WORKERS else 1


def _stream(norm: Annotator, texts: Iterable[str], workers: int, chunksize: int,
            head: int = 0) -> Iterator[list[Mention]]:
    """``head``: characters of text to annotate in this process before starting the workers."""
    _ = norm.spotter  # build the index once here: forked workers share it
    with frozen_heap():
        texts = iter(texts)
        read = 0
        while read < head:
            text = next(texts, None)
            if text is None:
                return
            read += len(text)
            yield norm.annotate(text)
        if workers == 1:
            for text in texts:
                yield norm.annotate(text)
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        # Pool.imap would drain the input in a feeder thread; submit chunks ourselves and keep
        # at most WINDOW_PER_WORKER of them per worker in flight, so memory stays flat.
        unpack = _Unpacker(norm.table)
        with _signals_blocked() as unblock:
            pool = context.Pool(workers, initializer=_init, initargs=(norm,))
        try:
            unblock()  # a signal that came while the pool was made is raised here, where it ends the pool
            pending: collections.deque[AsyncResult[list[list[Packed]]]] = collections.deque()
            for chunk in _chunks(texts, chunksize):
                pending.append(pool.apply_async(_work, (chunk,)))
                if len(pending) >= WINDOW_PER_WORKER * workers:
                    yield from map(unpack, pending.popleft().get())
            while pending:
                yield from map(unpack, pending.popleft().get())
        except BaseException:  # an error, Ctrl-C, a signal, or the caller closing the stream
            _terminate(pool)
            raise
        pool.close()  # every result is in: the workers end on their own
        pool.join()


#: Seconds to wait for a stopped pool's own threads (its workers are ended before that wait).
POOL_STOP_WAIT = 5.0


def _terminate(pool: Pool) -> None:
    """End the pool's workers now, and reap them.

    ``Pool.terminate`` ends the workers, then joins the pool's threads; that join can wait
    forever when a worker was ended while it held the result queue's lock (its task thread's
    last ``put`` waits on that lock: a CPython race, met about once in 30 stops mid-run). It
    runs in a daemon thread; after :data:`POOL_STOP_WAIT` seconds its workers are killed and
    reaped here, and the thread is left to the interpreter's exit.
    """
    workers = list(getattr(pool, "_pool", ()))  # the worker processes (an attribute of Pool since Python 2)
    stopper = threading.Thread(target=pool.terminate, name="normalizer-pool-stop", daemon=True)
    stopper.start()
    stopper.join(POOL_STOP_WAIT)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
        worker.join(POOL_STOP_WAIT)
