"""Development on one machine: embedded PostgreSQL, filesystem broker, mail to the console."""

from pathlib import Path

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
# The page cache only notices edited templates when the process starts (pagecache/release.py):
# off while developing, unless asked for (PAGE_CACHE_ENABLED=1, or DEBUG=0).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=not DEBUG)  # noqa: F405

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405
# WhiteNoise serves static files under runserver too: Django's own development static handler
# (which runserver would otherwise put in front) lets a path such as /static/%2e%2e/ escape as a
# SuspiciousFileOperation, a 500. WhiteNoise answers only canonical static URLs; the rest is a 404.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]  # noqa: F405
