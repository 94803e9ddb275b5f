"""pandas helpers (optional extra ``normalizer[pandas]``): resolve or annotate a Series.

Accepts: a ``pandas.Series`` of str (None/NaN allowed) and optionally a Normalizer.
Guarantees: the result has the Series' index; each distinct name is resolved once; a
missing value (None, NaN, NA), or a name that does not resolve, gives a row of ``<NA>``
(``string`` columns) and a NaN score (float64), so ``frame.score > 0.9`` and
``frame.score.mean()`` work; any other value that is not a str raises ``TypeError``
naming its index label (it is not silently left empty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from normalizer.adapters.columns import COLUMNS, CachedResolver
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

    ``score`` is float64, NaN where nothing resolved; the other columns have the ``string``
    dtype, ``<NA>`` where nothing resolved (or the value was missing).

    >>> import pandas as pd
    >>> frame = resolve_series(pd.Series(["ट्रंप", "नमस्ते", None]))
    >>> frame["entity_id"].tolist(), frame["score"].isna().tolist()
    (['donald-trump', <NA>, <NA>], [False, True, True])
    """
    import numpy as np
    import pandas as pd

    resolver = CachedResolver(_norm(normalizer), types)
    matches = [resolver(v) if v is not None else None for v in _texts(series)]
    texts = {"entity_id": [m.entity.id if m else None for m in matches],
             "canonical_name": [m.entity.name if m else None for m in matches],
             "entity_type": [m.entity.type if m else None for m in matches],
             "method": [m.method if m else None for m in matches]}
    data: dict[str, Any] = {name: pd.array(values, dtype="string") for name, values in texts.items()}
    data["score"] = np.array([round(m.score, 4) if m else np.nan for m in matches], dtype=np.float64)
    return pd.DataFrame(data, index=series.index, columns=list(COLUMNS))


def annotate_series(series: pd.Series, normalizer: Normalizer | None = None) -> pd.Series:
    """Return a Series (same index) of lists of mention dicts for a Series of texts."""
    import pandas as pd

    norm = _norm(normalizer)
    out: list[list[dict[str, Any]]] = [[m.to_dict() for m in norm.annotate(v)] if v is not None else []
                                       for v in _texts(series)]
    return pd.Series(out, index=series.index, name="mentions", dtype=object)
