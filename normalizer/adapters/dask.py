"""Dask helpers (optional extra ``normalizer[dask]``): annotate corpora beyond one machine.

Accepts: a ``dask.bag.Bag`` of texts, or a ``dask.dataframe.DataFrame`` and a text column.
Guarantees: the normalizer goes into the graph once, as one shared task (its table and
config); each worker receives it once and builds its index on first use, then every
partition on that worker reuses it. Results equal single-process ``annotate``; mentions
are plain dicts (``Mention.to_dict``); in a DataFrame they are a column of Arrow type
(list of struct), so ``annotate_column(...).to_parquet(...)`` writes them as they are.
Does not: fix pandas' reading of such a column back with its default backend
(pandas-dev/pandas#57411): read it with ``dtype_backend="pyarrow"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from normalizer.normalizer import Normalizer

if TYPE_CHECKING:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd


def _shared(normalizer: Normalizer | None) -> Any:
    from dask.delayed import delayed

    return delayed(normalizer if normalizer is not None else Normalizer(), pure=True, traverse=False)


def _annotate_partition(texts: list[str], norm: Normalizer) -> list[list[dict[str, Any]]]:
    return [[m.to_dict() for m in norm.annotate(t)] if isinstance(t, str) else [] for t in texts]


def annotate_bag(bag: db.Bag, normalizer: Normalizer | None = None) -> db.Bag:
    """Return a bag of mention lists, one per text of ``bag`` (same order)."""
    result: db.Bag = bag.map_partitions(_annotate_partition, _shared(normalizer))  # type: ignore[no-untyped-call]
    return result


def mention_type() -> Any:
    """Return the Arrow type of a list of mention dicts (the fields of ``Mention.to_dict``)."""
    import pyarrow as pa

    text = pa.string()
    return pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", text), ("query", text),
                               ("entity_id", text), ("name", text), ("type", text), ("score", pa.float64()),
                               ("alias", text), ("method", text)]))


def _annotate_frame(frame: pd.DataFrame, column: str, norm: Normalizer) -> pd.DataFrame:
    import pandas as pd

    out = frame.copy()
    out["mentions"] = pd.Series(_annotate_partition(frame[column].tolist(), norm), index=frame.index,
                                dtype=pd.ArrowDtype(mention_type()))
    return out


def annotate_column(frame: dd.DataFrame, column: str, normalizer: Normalizer | None = None) -> dd.DataFrame:
    """Return ``frame`` with a ``mentions`` column (lists of mention dicts) for its text ``column``.

    The column has an Arrow list-of-struct dtype (:func:`mention_type`), so the frame can be
    written with ``to_parquet`` as it is; read it back with ``dtype_backend="pyarrow"``.
    """
    import pandas as pd

    if column not in frame.columns:
        raise ValueError(f"no column {column!r} (columns: {', '.join(map(str, frame.columns))})")
    meta = frame._meta.assign(mentions=pd.Series([], dtype=pd.ArrowDtype(mention_type())))
    result: dd.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]
        _annotate_frame, column, _shared(normalizer), meta=meta)
    return result
