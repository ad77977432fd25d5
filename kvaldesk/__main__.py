"""``python -m kvaldesk``: the command line."""

import sys

from kvaldesk.cli import main

sys.exit(main())
