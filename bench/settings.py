"""Production settings, made to serve plain HTTP on loopback for the benchmark.

production.py demands SECRET_KEY and ALLOWED_HOSTS from the environment; defaults are put there
only so that it imports, and the values the benchmark relies on are then set explicitly.
Everything else (DEBUG off, persistent connections, whitenoise's manifest storage, caches and
whatever middleware production has) stays as in production, so the numbers describe what
production does. The one addition is a response header naming the gunicorn worker's pid.
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from kunskapsstyrning.settings.production import *  # noqa: E402, F403

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise ImproperlyConfigured("Benchmarken mäter mot PostgreSQL. Kör den med `make bench` eller sätt DATABASE_URL.")

SECRET_KEY = "bench-only-not-a-secret"  # noqa: S105  # loopback only, throw-away database
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False  # plain HTTP on loopback; the other production headers stay on
ROOT_URLCONF = "bench.urls"
# Which gunicorn worker answered (bench/middleware.py), outermost so cached answers count too.
MIDDLEWARE = ["bench.middleware.worker_pid", *MIDDLEWARE]  # noqa: F405
