"""Exception types shared by the package (typed by cause, pickle cleanly)."""

from __future__ import annotations

import json


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


def json_problem(exc: json.JSONDecodeError) -> str:
    """Return what is wrong in a JSON text and where, for a message: ``Expecting value at column 7``.

    ``json`` ends some of its messages with "at" (``Unterminated string starting at``), which
    already points at the column; no second "at" is added then.

    >>> try:
    ...     json.loads('{"a": "b')
    ... except json.JSONDecodeError as exc:
    ...     print(json_problem(exc))
    Unterminated string starting at column 7
    """
    joint = " column" if exc.msg.endswith(" at") else " at column"
    return f"{exc.msg}{joint} {exc.colno}"
