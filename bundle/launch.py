"""Entry point of the built program: PyInstaller starts a script, not ``python -m subsidy_desk``."""
import multiprocessing
import sys

from subsidy_desk.cli import main

if __name__ == "__main__":
    # Worksheets for a long list are written by worker processes (batch/printouts.py); in the built program a
    # worker is this executable started again, and this call makes it a worker instead of a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
