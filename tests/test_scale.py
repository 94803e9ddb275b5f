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
    assert frame["entity_id"].tolist() == ["donald-trump", "", "", "alexander-torshin"]
    texts = pd.Series(_texts())
    mentions = annotate_series(texts, sample)
    assert [[m["entity_id"] for m in ms] for ms in mentions] == \
        [[m.match.entity.id for m in sample.annotate(t)] for t in texts]
    missing = resolve_series(pd.Series([float("nan"), pd.NA, "Путин"]), sample)["entity_id"].tolist()
    assert missing == ["", "", "vladimir-putin"]
    with pytest.raises(TypeError, match=r"series\['b'\] is int \(5\): expected str"):
        resolve_series(pd.Series(["Путин", 5], index=["a", "b"]), sample)  # not silently left empty
    with pytest.raises(TypeError, match=r"series\[1\] is bytes"):
        annotate_series(pd.Series(["Путин", b"x"]), sample)


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
