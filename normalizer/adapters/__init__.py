"""Layer ``adapters``: the library on other people's data structures.

Corpus records from JSONL, CSV, TSV and text files (:mod:`~normalizer.adapters.records`),
name columns (:mod:`~normalizer.adapters.columns`), pandas (:mod:`~normalizer.adapters.pandas`),
Dask (:mod:`~normalizer.adapters.dask`) and spaCy (:mod:`~normalizer.adapters.spacy`). pandas,
Dask and spaCy are optional extras, imported only by their modules.
"""
