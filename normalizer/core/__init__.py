"""Layer ``core``: one spelling in, scored and explained entities out.

clean → scripts → affixes → romanize → key → index → score → decide, wired by
:class:`normalizer.core.resolver.Normalizer`. The core imports only the vocabulary
(:mod:`normalizer.model`, :mod:`normalizer.errors`, :mod:`normalizer.config`,
:mod:`normalizer.table`) and :mod:`normalizer.rules`; never corpus mode, table tooling,
adapters or the command line (``tests/test_layers.py`` checks it).
"""
