"""Layer ``corpus``: every mention in running text (``annotate``), and batches of texts on all cores.

Builds on :mod:`normalizer.core`: the scanner finds table words, the passes and context
rules decide which runs of words are names, and the core scores them.
"""
