"""pandas helpers (optional extra ``normalizer[pandas]``): resolve or annotate a Series.

Accepts: a ``pandas.Series`` of str (None/NaN allowed) and optionally a Normalizer.
Guarantees: the result has the Series' index; each distinct name is resolved once; a
missing value (None, NaN, NA) gives an empty row; any other value that is not a str raises
``TypeError`` naming its index label (it is not silently left empty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from normalizer.adapters.columns import COLUMNS, CachedResolver, match_columns
from normalizer.normalizer import Normalizer

if TYPE_CHECKING:
    import pandas as pd


def _norm(normalizer: Normalizer | None) -> Normalizer:
    if normalizer is not None:
        return normalizer
    return Normalizer.default()


def _texts(series: pd.Series) -> list[str | None]:
    """The values as str, or None where missing; ``TypeError`` for anything else."""
    import pandas as pd

    out: list[str | None] = []
    for label, value in series.items():
        if isinstance(value, str):
            out.append(value)
        elif value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            out.append(None)
        else:
            hint = ": decode it first" if isinstance(value, (bytes, bytearray)) else ""
            raise TypeError(f"series[{label!r}] is {type(value).__name__} ({value!r}): expected str, "
                            f"or None/NaN for a missing value{hint}")
    return out


def resolve_series(series: pd.Series, normalizer: Normalizer | None = None, *,
                   types: set[str] | None = None) -> pd.DataFrame:
    """Return a DataFrame (same index) with entity_id, canonical_name, entity_type, score, method.

    >>> import pandas as pd
    >>> resolve_series(pd.Series(["ट्रंप", "नमस्ते", None]))["entity_id"].tolist()
    ['donald-trump', '', '']
    """
    import pandas as pd

    resolver = CachedResolver(_norm(normalizer), types)
    rows = [match_columns(resolver(v) if v is not None else None) for v in _texts(series)]
    return pd.DataFrame(rows, index=series.index, columns=list(COLUMNS))


def annotate_series(series: pd.Series, normalizer: Normalizer | None = None) -> pd.Series:
    """Return a Series (same index) of lists of mention dicts for a Series of texts."""
    import pandas as pd

    norm = _norm(normalizer)
    out: list[list[dict[str, Any]]] = [[m.to_dict() for m in norm.annotate(v)] if v is not None else []
                                       for v in _texts(series)]
    return pd.Series(out, index=series.index, name="mentions", dtype=object)
