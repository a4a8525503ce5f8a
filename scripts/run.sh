#!/usr/bin/env bash
# Serve the portal on http://127.0.0.1:8000 with a Celery worker and beat, on the embedded
# default (SQLite file and kombu's filesystem transport in var/), or on DATABASE_URL /
# CELERY_BROKER_URL when they are set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-kunskapsstyrning.settings.local}"
mkdir -p var
$PY manage.py migrate --no-input -v0
$PY manage.py load_structure
$PY manage.py load_demo
.venv/bin/celery -A kunskapsstyrning worker --beat --loglevel=INFO --concurrency=2 \
  --schedule var/celerybeat-schedule > var/celery.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo
echo "Kunskapsstyrningsportalen: http://127.0.0.1:8000/   (Celery-loggen finns i var/celery.log)"
echo
exec_status=0
$PY manage.py runserver 127.0.0.1:8000 || exec_status=$?
exit $exec_status
