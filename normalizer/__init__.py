"""normalizer — map the spellings of a named entity, across scripts, to one canonical entity.

Public names: :class:`Entity`, :class:`AliasTable`, :class:`Normalizer`, :class:`Match`,
:class:`Mention`, :func:`romanize`, :func:`resolve`, :func:`annotate`. ``import normalizer``
reads no table; the default table is loaded on first use.

>>> import normalizer
>>> normalizer.resolve("ट्रंप").entity.id
'donald-trump'
>>> [(m.text, m.match.entity.id) for m in normalizer.annotate("قال بترامب إن")]
[('ترامب', 'donald-trump')]
"""

from __future__ import annotations

from normalizer.config import Config
from normalizer.core.romanize import romanize
from normalizer.errors import TableError
from normalizer.model import Alias, Entity, Match, Mention, Step
from normalizer.normalizer import Normalizer
from normalizer.table import AliasTable

__all__ = ["Alias", "AliasTable", "Config", "Entity", "Match", "Mention", "Normalizer", "Step", "TableError",
           "annotate", "resolve", "romanize", "__version__"]
__version__ = "0.1.0"


def resolve(query: str, *, types: set[str] | None = None) -> Match | None:
    """Resolve ``query`` against the bundled default table (see :meth:`Normalizer.resolve`)."""
    return Normalizer.default().resolve(query, types=types)


def annotate(text: str) -> list[Mention]:
    """Every mention in running ``text`` of an entity of the bundled default table (see :meth:`Normalizer.annotate`)."""
    return Normalizer.default().annotate(text)
