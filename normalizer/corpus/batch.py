"""Batch annotation: many texts, in order, on all cores, in flat memory.

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

from normalizer.model import Mention


class Annotator(Protocol):
    """What a batch needs: ``annotate`` one text, and a ``spotter`` to build before workers fork."""

    def annotate(self, text: str) -> list[Mention]: ...  # noqa: D102

    @property
    def spotter(self) -> object: ...  # noqa: D102

#: While a batch runs, a full garbage collection follows this many middle-generation ones (default 10).
FULL_COLLECTION_EVERY = 1000
#: Chunks in flight per worker process.
WINDOW_PER_WORKER = 4
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
    return _stream(norm, _checked(texts), cores() if processes is None else processes, chunksize)


def _stream(norm: Annotator, texts: Iterable[str], workers: int, chunksize: int) -> Iterator[list[Mention]]:
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
        with _signals_blocked() as unblock:
            pool = context.Pool(workers, initializer=_init, initargs=(norm,))
        try:
            unblock()  # a signal that came while the pool was made is raised here, where it ends the pool
            pending: collections.deque[AsyncResult[list[list[Mention]]]] = collections.deque()
            for chunk in _chunks(texts, chunksize):
                pending.append(pool.apply_async(_work, (chunk,)))
                if len(pending) >= WINDOW_PER_WORKER * workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
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
