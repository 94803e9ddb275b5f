"""Writing files: atomically where a file can be replaced, directly where it cannot.

Accepts: a target path: a regular file (existing or not), a symbolic link (to one, or
dangling), or a file that is not regular (a character device such as ``/dev/null``, a
FIFO, ``/dev/stdout`` and the other links under ``/dev`` and ``/proc`` that lead to a
file descriptor).
Guarantees:
  * A regular file is replaced atomically, through any symbolic links (the links stay and
    now lead to the new file): text goes to a temporary file ``.NAME.XXXX.tmp`` beside
    the file the links lead to, is flushed and fsynced, then renamed over it with
    ``os.replace``; a reader sees the old file or the new one, never half of one. The new
    file keeps the old one's permissions (and, when this process may set it, its owner),
    or gets the usual ones (``0666 & ~umask``, not ``mkstemp``'s 0600).
  * If the writer raises — an error, ``KeyboardInterrupt``, or a signal the command line
    turns into one — the temporary file is removed and the old file is intact. Only a
    process killed outright (SIGKILL) can leave a ``.NAME.XXXX.tmp`` behind, never a
    half-written target.
  * A file that is not regular is written directly, in append mode (a FIFO's reader gets
    the text; ``/dev/null`` stays a device; ``/dev/stdout`` redirected to a file is not
    truncated behind the shell's back); it is never replaced or removed, so a failed
    write may leave part of the text there.
  * :func:`check_target` raises, before any work, the error a write would meet: a
    directory, a missing folder, a folder where files cannot be created, a read-only file.
Does not: create missing folders; keep hard links (a replaced file is a new inode).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def resolve_target(target: Path | str) -> tuple[Path, bool]:
    """Return the file a write to ``target`` lands in, and whether it is written directly
    (True: not a regular file) rather than replaced atomically.

    Raises:
        IsADirectoryError: ``target`` is (or leads to) a directory.
    """
    given = os.fspath(target)
    if _leads_to_a_descriptor(given):
        return Path(given), True  # /dev/stdout, /dev/fd/3, /proc/self/fd/1: whatever the descriptor is
    real = Path(os.path.realpath(given))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real, False
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory: name a file", given)
    return real, not stat.S_ISREG(mode)


def _leads_to_a_descriptor(given: str) -> bool:
    """True if ``given`` or a link it leads through is in /proc, or is a link in /dev
    (/dev/stdout → /proc/self/fd/1 → the shell's pipe or file): such a path names a file
    descriptor, and only writing to it reaches the file the descriptor is open on."""
    current = os.path.abspath(given)
    for _ in range(40):  # the kernel's own limit on links followed
        if current.startswith("/proc/") and os.path.lexists(current):
            return True
        if not os.path.islink(current):
            return False
        if current.startswith("/dev/"):
            return True
        current = os.path.abspath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return False


def check_target(target: Path | str) -> None:
    """Raise the ``OSError`` a write to ``target`` would meet, before any work is done.

    The error's ``filename`` is ``target`` and its ``strerror`` says what is wrong in
    words (a directory, a missing folder, a folder where files cannot be created, a
    read-only file, a device or FIFO this process may not write).
    """
    given = os.fspath(target)
    path, direct = resolve_target(given)
    if direct:
        if not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, "permission denied", given)
        return
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"folder {folder} does not exist", given)
    _refuse_read_only(path, given)
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot create files in {folder} ({exc.strerror})", given) from None
    os.close(fd)
    os.unlink(probe)


def _refuse_read_only(path: Path, given: str) -> None:
    """An existing file without write permission is not replaced (as ``cp`` would not)."""
    if path.exists() and not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only (permission denied)", given)


@contextlib.contextmanager
def atomic_writer(target: Path | str) -> Iterator[TextIO]:
    """Yield a UTF-8 text handle whose content replaces ``target`` when the block ends
    without error (see the module contract; a file that is not regular is written directly)."""
    given = os.fspath(target)
    path, direct = resolve_target(given)
    try:
        if direct:
            with open(path, "a", encoding="utf-8", newline="") as handle:
                yield handle
            return
        with _temporary(path, given) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        if exc.filename is None:  # a write that failed (disk full): name the file the user named
            raise OSError(exc.errno, exc.strerror, given) from exc
        raise


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a path to write to: a temporary file that replaces ``target`` when the block
    ends without error (for writers that want a path, e.g. pyarrow's parquet writer), or
    the target itself when it is not a regular file."""
    path, direct = resolve_target(target)
    if direct:
        yield path
        return
    with _temporary(path, os.fspath(target)) as tmp:
        yield tmp


@contextlib.contextmanager
def _temporary(path: Path, given: str) -> Iterator[Path]:
    """A temporary file beside ``path`` (already resolved) that replaces it on success."""
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"folder {path.parent} does not exist", given)
    _refuse_read_only(path, given)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        os.close(fd)
        yield tmp
        _copy_mode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _copy_mode(path: Path, tmp: Path) -> None:
    """Give ``tmp`` the permissions (and, if allowed, owner) of ``path``, or the usual ones."""
    try:
        old = os.stat(path)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    os.chmod(tmp, stat.S_IMODE(old.st_mode))
    if hasattr(os, "getuid") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root (or the owner, for the group) may
            os.chown(tmp, old.st_uid, old.st_gid)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every system can fsync a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(target: Path | str, body: str) -> None:
    """Write ``body`` to ``target`` atomically (see the module contract)."""
    with atomic_writer(target) as handle:
        handle.write(body)
