"""The subcommands, one module per family; `kzcrisis.cli.app` loads only the module of the one that runs."""
