"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Accepts: a target path.
Guarantees: text goes to a temporary file in the target's folder, is flushed and fsynced,
then renamed over the target with ``os.replace``; if the writer fails or is killed, the
old file is intact (a killed process may leave a ``.NAME.*.tmp`` file behind, never a
half-written target). The new file keeps the old one's permissions (or gets the usual
ones, not ``mkstemp``'s 0600).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def atomic_writer(target: Path | str) -> Iterator[TextIO]:
    """Yield a UTF-8 text handle whose content replaces ``target`` when the block ends without error."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path that replaces ``target`` when the block ends without error
    (for writers that want a path, e.g. pyarrow's parquet writer)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(target: Path | str, body: str) -> None:
    """Write ``body`` to ``target`` atomically (see the module contract)."""
    with atomic_writer(target) as handle:
        handle.write(body)
