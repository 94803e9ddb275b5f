"""Layer ``rules``: the one reader of the bundled rule tables (``data/rules/*.tsv``).

Depends only on :mod:`normalizer.errors`. Word lists that must be cleaned as queries are
(titles, stop words, given names, letter names …) are read through it by
:mod:`normalizer.core.lexicons`, since cleaning is the core's first step.
"""
