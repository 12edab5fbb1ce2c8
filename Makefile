.PHONY: lint test bench ci

lint:
	ruff check kzcrisis tests bench
	ruff format --check kzcrisis tests bench
	mypy
	lint-imports

test:
	pytest

bench:
	python bench/run.py

ci:
	bash .ci/run
