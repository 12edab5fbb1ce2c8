"""`python -m kzcrisis` runs the command line."""

from kzcrisis.cli.app import main

main()
