"""Exception types shared by the package (typed by cause, pickle cleanly)."""

from __future__ import annotations


class TableError(ValueError):
    """A table or rule file is malformed: carries ``path`` and ``line`` (1-based).

    The message reads ``path:line: what is wrong``.
    """

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[str, int, str]]:
        return (type(self), (self.path, self.line, self.message))
