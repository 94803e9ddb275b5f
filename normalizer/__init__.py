"""normalizer — map the spellings of a named entity, across scripts, to one canonical entity.

Public names: :class:`Entity`, :class:`AliasTable`, :class:`Normalizer`, :class:`Match`,
:class:`Mention`, :func:`romanize`, :func:`resolve`. ``import normalizer`` reads no
table; the default table is loaded on first use.

>>> import normalizer
>>> normalizer.resolve("ट्रंप").entity.id
'donald-trump'
"""

from __future__ import annotations

import threading

from normalizer.errors import TableError
from normalizer.model import Alias, Entity, Match, Mention, Step
from normalizer.normalizer import Config, Normalizer
from normalizer.romanize import romanize
from normalizer.table import AliasTable

__all__ = ["Alias", "AliasTable", "Config", "Entity", "Match", "Mention", "Normalizer", "Step", "TableError",
           "resolve", "romanize", "__version__"]
__version__ = "0.1.0"

_DEFAULT: Normalizer | None = None
_LOCK = threading.Lock()


def _default() -> Normalizer:
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = Normalizer()
        return _DEFAULT


def resolve(query: str, *, types: set[str] | None = None) -> Match | None:
    """Resolve ``query`` against the bundled default table (see :meth:`Normalizer.resolve`)."""
    return _default().resolve(query, types=types)
