# The two commands of the README. Everything else is in scripts/.
.PHONY: run test lint bench

PYTEST_ARGS ?=
# One xdist worker per core, at most four: each worker migrates and loads its own test database.
# xdist's default `load` hands tests out in collection order, so each worker runs the tests that
# commit (and flush the structure; pytest-django orders them last) after all its others.
# Not `worksteal`, which could move rollback tests after them; `loadgroup` silently stops
# grouping with pytest 9.2 (pytest-dev/pytest-xdist#1386).
XDIST ?= -n auto --maxprocesses=4

run:  ## install, migrate, load the structure and demo people, serve on http://127.0.0.1:8000
	scripts/bootstrap.sh run
	scripts/run.sh

test:  ## the whole suite on real PostgreSQL, Redis, Celery and Chromium, started on loopback
	scripts/bootstrap.sh test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/python scripts/testenv.py \
	  --before ".venv/bin/python manage.py makemigrations --check --dry-run" \
	  .venv/bin/pytest $(XDIST) $(PYTEST_ARGS)

# e.g. `make bench BENCH_ARGS="--scale 1 --duration 2"` for a quick run, `--pages katalog` for some pages.
BENCH_ARGS ?=
bench:  ## serve on gunicorn + PostgreSQL with ten times the real data and load every page with wrk (see bench/)
	scripts/bootstrap.sh test
	.venv/bin/python scripts/testenv.py .venv/bin/python bench/run.py $(BENCH_ARGS)
