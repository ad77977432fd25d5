"""Entry script of the PyInstaller build (build/kvaldesk.spec): the ``kvaldesk`` command.

The same script is the window (``kvaldesk``) and the CLI (``kvaldesk COMMAND``), exactly as the
``kvaldesk`` console script installed from the wheel.
"""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
