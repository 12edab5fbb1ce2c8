"""Output for people and programs: formats (JSON, CSV), tables, charts, one claim shown whole. Pure."""
