"""``python -m normalizer`` runs the command line."""

from normalizer.cli import main

raise SystemExit(main())
