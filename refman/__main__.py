"""``python -m refman``."""

from refman.cli import main

main()
