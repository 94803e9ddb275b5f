"""Failures the user can cause, each as one line on standard error: signals, file errors, unusable outputs.

Accepts: the parsed arguments of a command, and the ``OSError`` or signal it met.
Guarantees: while :func:`catch_signals` is in force, SIGINT (Ctrl-C), SIGTERM and SIGHUP
raise :class:`Interrupted` in this process, once (a second signal is ignored while the
first unwinds), so every ``with`` block ends as on an error: atomic writers remove their
temporary file and leave the old output, the worker pool is terminated and joined. A
worker process forked while the handler is in force, that meets a signal before its pool
initializer resets it, ends as the signal's default action would (SIGINT is left to the
parent). :func:`check_outputs` finds an output path that cannot be written before any
work starts; :func:`describe` words an ``OSError`` as ``path: what`` without a traceback.
Does not: decide exit codes (the command line does: 0 ok, 1 data errors, 2 usage, 128 +
the signal's number when stopped by one, as shells report it).
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from normalizer.atomic import check_target, resolve_target

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(KeyboardInterrupt):
    """The command was stopped by a signal; ``exit_code`` is 128 + its number (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum


def catch_signals() -> Callable[[], None]:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted`; return a function that
    restores the previous handlers. Does nothing outside the main thread (where Python
    cannot set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    owner = os.getpid()
    fired: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked worker whose pool initializer has not run yet
            if signum != signal.SIGINT:  # Ctrl-C reaches the whole group: the parent stops the pool
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
            return
        if fired:
            return  # already unwinding: let the clean-up finish
        fired.append(signum)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in _SIGNALS}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


#: Errors of writing, whatever the file: a missing file name then means an output stream.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE, errno.EBADF}


def describe(exc: OSError) -> str:
    """Return ``path: what is wrong`` for an OSError (no ``[Errno n]``, no traceback)."""
    what = exc.strerror or str(exc) or type(exc).__name__
    if what and what[0].isupper() and not what[:2].isupper():
        what = what[0].lower() + what[1:]
    if exc.filename is not None:
        where = os.fsdecode(exc.filename)
        if exc.filename2 is not None:
            where += f" → {os.fsdecode(exc.filename2)}"
        return f"{where}: {what}"
    if exc.errno in _WRITE_ERRORS:
        return f"cannot write the output: {what}"
    return what


def check_outputs(args: argparse.Namespace) -> str | None:
    """Return what is wrong with the files this command will write (``--out``, ``--into``),
    or None: checked before any work, so a bad path costs no time."""
    for option in ("out", "into"):
        value = getattr(args, option, None)
        if not isinstance(value, str) or not value or value == "-":
            continue
        try:
            check_target(value)
        except OSError as exc:
            return f"--{option} {describe(exc)}"
    return None


def replaced(path: str) -> bool:
    """True if ``path`` is replaced atomically when written (so a stopped run leaves it as it was)."""
    try:
        return not resolve_target(path)[1]
    except OSError:
        return False


def silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of a
    broken or full standard output does not print an "Exception ignored" message."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError):
        pass
