"""Tests: real PostgreSQL and real Redis, started by scripts/testenv.py (`make test`)."""

import os
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In memory, unless EMAIL_URL names a server: the tests' Celery worker processes get the test's
# own SMTP server on loopback that way (tests/notices/conftest.py).
if not env("EMAIL_URL", default=""):  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405

# The API's throttles: generous for the suite (the schema fuzzing sends hundreds of requests);
# tests/api/test_throttling.py lowers them. Each xdist worker counts in its own keys of the
# shared Redis.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "token": "100000/min"},
}
CACHES["api"]["KEY_PREFIX"] = "api-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
# The page cache is on, as in production: a test inside the usual rolled-back transaction never
# uses it (pagecache.middleware.cacheable_request); a test that commits gets the real thing.
CACHES["pages"]["KEY_PREFIX"] = "pages-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
# The caches must not share a Redis database with the broker, nor with another xdist worker:
# a test's `cache.clear()` is FLUSHDB, which would drop queued tasks and the neighbour's pages.
# Database 0 is the broker's, 1 the results'; each worker's caches get 2 + its number.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
for _name in ("api", "pages"):
    if CACHES[_name]["BACKEND"].endswith("RedisCache"):  # noqa: F405
        _server = CACHES[_name]["LOCATION"].rsplit("/", 1)[0]  # noqa: F405
        CACHES[_name]["LOCATION"] = f"{_server}/{2 + int(_worker.removeprefix('gw') or 0)}"  # noqa: F405
# One Redis broker serves every xdist worker, but each has its own test database: a task queued
# by one worker's test must be run by that worker's Celery worker, not by a neighbour that looks
# the id up in another database. Each xdist worker gets a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = env(  # noqa: F405
    "CELERY_TASK_DEFAULT_QUEUE", default="celery-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
)
