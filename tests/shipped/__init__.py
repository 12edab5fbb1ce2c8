"""Tests of the shipped corpus against its reading guide (corpus/README.md), apart from mechanism tests."""
