"""The query index: a SQLite file derived from the corpus, built once per content and trusted by hash."""
