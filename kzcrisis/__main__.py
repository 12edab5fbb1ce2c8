"""`python -m kzcrisis` runs the command line."""

from kzcrisis.cli import main

main()
