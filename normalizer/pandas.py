"""pandas helpers (optional extra ``normalizer[pandas]``): resolve or annotate a Series.

Accepts: a ``pandas.Series`` of str (None/NaN allowed) and optionally a Normalizer.
Guarantees: the result has the Series' index; each distinct name is resolved once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from normalizer.columns import COLUMNS, CachedResolver, match_columns
from normalizer.normalizer import Normalizer

if TYPE_CHECKING:
    import pandas as pd


def _norm(normalizer: Normalizer | None) -> Normalizer:
    if normalizer is not None:
        return normalizer
    from normalizer import _default

    return _default()


def resolve_series(series: pd.Series, normalizer: Normalizer | None = None, *,
                   types: set[str] | None = None) -> pd.DataFrame:
    """Return a DataFrame (same index) with entity_id, canonical_name, entity_type, score, method.

    >>> import pandas as pd
    >>> resolve_series(pd.Series(["ट्रंप", "नमस्ते", None]))["entity_id"].tolist()
    ['donald-trump', '', '']
    """
    import pandas as pd

    resolver = CachedResolver(_norm(normalizer), types)
    rows = [match_columns(resolver(v) if isinstance(v, str) else None) for v in series.tolist()]
    return pd.DataFrame(rows, index=series.index, columns=list(COLUMNS))


def annotate_series(series: pd.Series, normalizer: Normalizer | None = None) -> pd.Series:
    """Return a Series (same index) of lists of mention dicts for a Series of texts."""
    import pandas as pd

    norm = _norm(normalizer)
    out: list[list[dict[str, Any]]] = [[m.to_dict() for m in norm.annotate(v)] if isinstance(v, str) else []
                                       for v in series.tolist()]
    return pd.Series(out, index=series.index, name="mentions", dtype=object)
