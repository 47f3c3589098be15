"""Allow ``python -m claimtracker``."""

from claimtracker.cli import main

if __name__ == "__main__":
    main()
