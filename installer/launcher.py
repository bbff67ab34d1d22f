"""Entry script of the frozen app: the same ``main`` as the ``infusiondesk`` command.

A separate script (not ``infusiondesk/__main__.py``) so PyInstaller doesn't put the
package folder itself on the module search path.
"""

import sys

from infusiondesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
