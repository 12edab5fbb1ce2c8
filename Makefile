.PHONY: lint test quick bench ci

lint:
	ruff check kzcrisis tests bench
	ruff format --check kzcrisis tests bench
	mypy
	lint-imports
	pytest -q -p no:cacheprovider tests/test_layout.py

test:
	pytest

# While changing code: everything but the tests marked slow, on every core (see docs/development.md).
quick:
	pytest -q -n auto -m "not slow"

bench:
	python bench/run.py

ci:
	bash .ci/run
