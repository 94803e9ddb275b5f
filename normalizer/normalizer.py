"""The Normalizer: the core's :class:`~normalizer.core.resolver.Resolver` plus corpus mode.

Accepts: an :class:`~normalizer.table.AliasTable` (the bundled default if none) and one
frozen :class:`~normalizer.config.Config`.
Guarantees: ``resolve`` and ``candidates`` as the resolver gives them; ``annotate`` and
``annotate_many`` through one :class:`~normalizer.corpus.spotter.Spotter`, built on first
use behind the resolver's lock. One instance serves many threads.
Does not: add any matching of its own (this module only wires the two layers).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from normalizer.config import Config
from normalizer.core.resolver import Resolver
from normalizer.corpus.batch import annotate_stream
from normalizer.corpus.spotter import Spotter
from normalizer.model import Mention
from normalizer.table import AliasTable

_DEFAULT: Normalizer | None = None
_DEFAULT_LOCK = threading.Lock()


class Normalizer(Resolver):
    """Resolve spellings of names, and find every mention in running text, against an alias table.

    >>> from normalizer import Entity, AliasTable
    >>> norm = Normalizer(AliasTable([Entity(id="aras-agalarov", name="Aras Agalarov", type="PER",
    ...                                      aliases=("अगालैरोव", "Agalarov"))]))
    >>> m = norm.resolve("अगालारोव")
    >>> m.entity.id, m.method
    ('aras-agalarov', 'phonetic')
    >>> [(m.text, m.match.entity.id) for m in norm.annotate("Aras Agalarov said")]
    [('Aras Agalarov', 'aras-agalarov')]
    """

    def __init__(self, table: AliasTable | None = None, *, config: Config | None = None) -> None:
        super().__init__(table, config=config)
        self._spotter: Spotter | None = None

    @classmethod
    def default(cls) -> Normalizer:
        """Return the process's shared Normalizer on the bundled default table (built once, on first call).

        Module-level :func:`normalizer.resolve` and :func:`normalizer.annotate` use it.
        """
        global _DEFAULT
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = cls()
            return _DEFAULT

    def clear_caches(self) -> None:
        """Forget every memoised answer: the corpus-mode memos (word analyses, decisions, core
        answers), the index's, and the process's caches of the rule files (see
        :meth:`Resolver.clear_caches <normalizer.core.resolver.Resolver.clear_caches>`).
        """
        if self._spotter is not None:
            self._spotter.clear()
        super().clear_caches()

    @property
    def spotter(self) -> Spotter:
        """The corpus-mode engine, built on first use."""
        if self._spotter is None:
            _ = self.index  # built first: it takes the same lock
            with self._lock:
                if self._spotter is None:
                    self._spotter = Spotter(self)
        return self._spotter

    def annotate(self, text: str) -> list[Mention]:
        """Return every mention of a table entity in running ``text``, in text order.

        Offsets index the string as given (``text[m.start:m.end] == m.text``); mentions
        never overlap and leave out Arabic proclitics, Hindi postpositions and titles.
        See :mod:`normalizer.corpus` for the passes and the context rules.

        Raises:
            TypeError: ``text`` is not a str.
        """
        return self.spotter.annotate(text)

    def annotate_many(self, texts: Iterable[str], processes: int | None = None,
                      *, chunksize: int = 16) -> Iterator[list[Mention]]:
        """Annotate many texts, streaming, in input order.

        Args:
            texts: any iterable of str (consumed lazily; memory stays flat).
            processes: worker processes; None means one per core, 1 means this process.
            chunksize: texts sent to a worker at a time.

        Returns:
            An iterator of one list of mentions per text, in the order of ``texts``.

        Raises:
            ValueError: ``processes`` or ``chunksize`` is not a positive int (at once).
            TypeError: while iterating, a text that is not a ``str`` (its position is named).
        """
        return annotate_stream(self, texts, processes=processes, chunksize=chunksize)
