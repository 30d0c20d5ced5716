"""``python -m checker``: the same command line as the ``checker`` script."""

from checker.cli import run_script

if __name__ == "__main__":
    run_script()
