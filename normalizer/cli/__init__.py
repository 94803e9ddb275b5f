"""Layer ``cli``: the ``normalizer`` command (``resolve``, ``romanize``, ``annotate``, ``aliases``)."""

from normalizer.cli.main import main

__all__ = ["main"]
