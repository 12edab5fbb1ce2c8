"""The corpus: its models and vocabularies, loading from disk, and the checks that ground every claim.

Imports nothing of the package above it (the index, queries, rendering, the CLI).
"""
