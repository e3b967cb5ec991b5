"""``python -m warta`` runs the command line."""

from __future__ import annotations

import sys

from warta.cli import main

sys.exit(main())
