"""pandas and dask helpers: same answers as the single-process API."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizer import Normalizer

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + ["Putin", "", "नमस्ते"]


def test_pandas_resolve_and_annotate_series(sample: Normalizer) -> None:
    pd = pytest.importorskip("pandas")
    from normalizer.adapters.pandas import annotate_series, resolve_series

    names = pd.Series(["ट्रंप", None, "नमस्ते", "تورشين"], index=[10, 11, 12, 13])
    frame = resolve_series(names, sample)
    assert list(frame.index) == [10, 11, 12, 13]
    assert frame["entity_id"].tolist() == ["donald-trump", pd.NA, pd.NA, "alexander-torshin"]
    texts = pd.Series(_texts())
    mentions = annotate_series(texts, sample)
    assert [[m["entity_id"] for m in ms] for ms in mentions] == \
        [[m.match.entity.id for m in sample.annotate(t)] for t in texts]
    missing = resolve_series(pd.Series([float("nan"), pd.NA, "Путин"]), sample)["entity_id"].tolist()
    assert missing == [pd.NA, pd.NA, "vladimir-putin"]
    with pytest.raises(TypeError, match=r"series\['b'\] is int \(5\): expected str"):
        resolve_series(pd.Series(["Путин", 5], index=["a", "b"]), sample)  # not silently left empty
    with pytest.raises(TypeError, match=r"series\[1\] is bytes"):
        annotate_series(pd.Series(["Путин", b"x"]), sample)


def test_pandas_resolve_series_dtypes(sample: Normalizer) -> None:
    # Nothing resolved is missing, not '': score is float64 with NaN, the rest string with <NA>.
    pd = pytest.importorskip("pandas")
    from normalizer.adapters.pandas import resolve_series

    frame = resolve_series(pd.Series(["Путин", "нечто", None, "ट्रंप"]), sample)
    assert frame["score"].dtype == "float64"
    assert all(frame[c].dtype == pd.StringDtype() for c in ("entity_id", "canonical_name", "entity_type", "method"))
    assert frame["score"].isna().tolist() == [False, True, True, False]
    assert frame["entity_id"].isna().tolist() == [False, True, True, False]
    assert frame["entity_id"].iloc[1] is pd.NA and frame["method"].iloc[2] is pd.NA
    assert (frame["score"] > 0.9).tolist() == [True, False, False, True] and 0.9 < frame["score"].mean() <= 1.0
    empty = resolve_series(pd.Series([], dtype=object), sample)
    assert list(empty.columns) == ["entity_id", "canonical_name", "entity_type", "score", "method"]
    assert empty["score"].dtype == "float64" and empty["entity_id"].dtype == pd.StringDtype()


def test_dask_column_to_parquet_round_trip(sample: Normalizer, tmp_path: Path) -> None:
    # docs/scale.md: annotate_column(frame, "text", norm).to_parquet(...) writes the mentions as they are.
    pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from normalizer.adapters.dask import annotate_column

    texts = _texts()
    expected = [[m.to_dict() for m in sample.annotate(t)] for t in texts]
    frame = dd.from_pandas(pd.DataFrame({"id": range(len(texts)), "text": texts}), npartitions=3)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster):
        annotate_column(frame, "text", sample).to_parquet(tmp_path / "annotated")
        back = dd.read_parquet(tmp_path / "annotated", dtype_backend="pyarrow").compute()
    assert back["id"].tolist() == list(range(len(texts))) and back["mentions"].tolist() == expected
    assert sum(map(len, expected)) > 20  # the seed articles have mentions
    schema = pq.read_schema(next((tmp_path / "annotated").glob("*.parquet")))
    assert str(schema.field("mentions").type).startswith("list<element: struct<start: int64, end: int64, text: string")
    assert pd.read_parquet(tmp_path / "annotated", dtype_backend="pyarrow")["mentions"].tolist() == expected


def test_mention_type_has_every_field_of_a_mention(sample: Normalizer) -> None:
    pytest.importorskip("pyarrow")
    from normalizer.adapters.dask import mention_type

    mention = sample.annotate("Путин")[0].to_dict()
    assert [f.name for f in mention_type().value_type] == list(mention)


def test_dask_on_a_local_cluster_equals_single_process(sample: Normalizer) -> None:
    pytest.importorskip("dask")
    pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    import dask.bag as db
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from normalizer.adapters.dask import annotate_bag, annotate_column

    texts = _texts() * 2
    expected = [[m.to_dict() for m in sample.annotate(t)] for t in texts]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        got = annotate_bag(db.from_sequence(texts, npartitions=4), sample).compute(scheduler=client)
        assert got == expected
        frame = dd.from_pandas(pd.DataFrame({"id": range(len(texts)), "body": texts}), npartitions=3)
        result = annotate_column(frame, "body", sample).compute(scheduler=client)
        assert result["mentions"].tolist() == expected and result["id"].tolist() == list(range(len(texts)))
        with pytest.raises(ValueError, match="no column"):
            annotate_column(frame, "nope", sample)
