"""Entry point of the built program: PyInstaller starts a script, not ``python -m subsidy_desk``."""
import sys

from subsidy_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
