"""``python -m gov_deadlines``: the same as the ``gov-deadlines`` command."""

import sys

from gov_deadlines.cli import main

sys.exit(main())
