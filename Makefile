# The two commands of the README. Everything else is in scripts/.
.PHONY: run test lint bench

PYTEST_ARGS ?=

run:  ## install, migrate, load the structure and demo people, serve on http://127.0.0.1:8000
	scripts/bootstrap.sh run
	scripts/run.sh

test:  ## the whole suite on real PostgreSQL, Redis, Celery and Chromium, started on loopback
	scripts/bootstrap.sh test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/python scripts/testenv.py .venv/bin/pytest $(PYTEST_ARGS)

bench:  ## serve on gunicorn + PostgreSQL with ten times the real data and measure (see bench/)
	scripts/bootstrap.sh test
	.venv/bin/python scripts/testenv.py .venv/bin/python bench/run.py
