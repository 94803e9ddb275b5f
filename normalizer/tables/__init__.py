"""Layer ``tables``: tools for the people who maintain alias tables.

Check a table (:mod:`~normalizer.tables.check`) and the rule examples
(:mod:`~normalizer.tables.rulecheck`), suggest new aliases found in corpora
(:mod:`~normalizer.tables.suggest`), spell a Latin name in other scripts
(:mod:`~normalizer.tables.spellings`), import from Wikidata and CSV
(:mod:`~normalizer.tables.importers`).
"""
