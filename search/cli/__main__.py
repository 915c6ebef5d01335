"""``python -m search.cli``: the same command as ``bahth``."""

from search.cli.main import main

main(prog_name="bahth")
