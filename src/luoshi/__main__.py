"""`python -m luoshi`: the same as the `luoshi` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
