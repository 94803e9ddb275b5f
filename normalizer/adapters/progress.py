"""A progress line for long reads: records, MB, rates, and with a known total the share done
and the time left.

Accepts: one ``update(size, failed)`` per record read (``size`` in bytes, or 1 per row when
the total is counted in records), and optionally the total (:func:`input_size` of the inputs).
Guarantees: the line is redrawn in place (``\\r``) at most twice a second and once more by
``finish``, only when enabled (the command line enables it when standard error is a
terminal); the percentage and ``ETA`` appear only when the total is known and the first
records are done. Writing nothing costs one clock read per record.
Does not: guess a total (standard input has none), or write anywhere but its stream.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Iterable
from typing import TextIO

#: Seconds between redraws of the line.
REDRAW_EVERY = 0.5


def input_size(paths: Iterable[str]) -> int | None:
    """Return the total size in bytes of the input files, or None if one is standard input
    (``-``) or not a regular file (a pipe, a device), whose size is not known in advance."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        total += info.st_size
    return total


def clock(seconds: float) -> str:
    """Return ``seconds`` as ``M:SS`` or ``H:MM:SS``.

    >>> clock(75.4), clock(3725)
    ('1:15', '1:02:05')
    """
    whole = max(int(seconds + 0.5), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Records and MB per second on standard error, redrawn twice a second (terminal only);
    with ``total`` (bytes, or records when ``unit="records"``) also the percentage and the
    time left.

    >>> import io
    >>> stream = io.StringIO()
    >>> progress = Progress(True, stream, total=4_000_000)
    >>> for _ in range(10):
    ...     progress.update(100_000, False)
    >>> progress.line(progress.start + 2.0)
    '10 records (0 failed), 1.0 of 4.0 MB (25%), 5 records/s, 0.50 MB/s, ETA 0:06'
    """

    def __init__(self, enabled: bool, stream: TextIO | None = None, *, total: int | None = None,
                 unit: str = "bytes") -> None:
        if unit not in ("bytes", "records"):
            raise ValueError(f"unit must be 'bytes' or 'records', got {unit!r}")
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.total = total
        self.unit = unit
        self.records = 0
        self.bytes = 0
        self.failed = 0
        self.start = time.monotonic()
        self._shown = 0.0
        self._width = 0

    def update(self, size: int, failed: bool = False) -> None:
        """Count one record of ``size`` bytes (``failed``: it could not be read)."""
        self.records += 1
        self.bytes += size
        self.failed += failed
        if self.enabled:
            now = time.monotonic()
            if now - self._shown >= REDRAW_EVERY:
                self._shown = now
                self._draw(self.line(now))

    def done(self) -> float | None:
        """Return the share done (0..1), or None when the total is not known."""
        if not self.total:
            return None
        count = self.records if self.unit == "records" else self.bytes
        return min(count / self.total, 1.0)

    def line(self, now: float | None = None, *, final: bool = False) -> str:
        """Return the progress line as of ``now`` (``final``: the elapsed time instead of the time left)."""
        elapsed = max((now if now is not None else time.monotonic()) - self.start, 1e-9)
        share = self.done()
        if self.unit == "records" and self.total:
            counted = f"{self.records:,} of {self.total:,} records ({self.failed:,} failed)"
        else:
            counted = f"{self.records:,} records ({self.failed:,} failed)"
        if self.unit == "records":  # rows of a columnar file: no byte counts
            parts = [counted + (f" ({share:.0%})" if share is not None else ""),
                     f"{self.records / elapsed:,.0f} records/s"]
        else:
            size = f"{self.bytes / 1e6:,.1f}" + (f" of {self.total / 1e6:,.1f}" if self.total else "")
            parts = [counted, f"{size} MB" + (f" ({share:.0%})" if share is not None else ""),
                     f"{self.records / elapsed:,.0f} records/s", f"{self.bytes / 1e6 / elapsed:,.2f} MB/s"]
        if final:
            parts.append(f"in {clock(elapsed)}")
        elif share:
            parts.append(f"ETA {clock(elapsed * (1 - share) / share)}")
        return ", ".join(parts)

    def finish(self) -> None:
        """Draw the last line, with the elapsed time, and end it."""
        if self.enabled:
            self._draw(self.line(final=True))
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, line: str) -> None:
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)
