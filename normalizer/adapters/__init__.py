"""Layer ``adapters``: the library on other people's data structures.

Corpus records from JSONL, CSV, TSV and text files (:mod:`~normalizer.adapters.records`),
name columns (:mod:`~normalizer.adapters.columns`), pandas (:mod:`~normalizer.adapters.pandas`)
and Dask (:mod:`~normalizer.adapters.dask`). pandas and Dask are optional extras, imported
only by their modules.
"""
