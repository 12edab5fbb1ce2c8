"""The command line: a thin layer that parses, calls the Python API (`kzcrisis.api`), and renders."""
