"""WSGI entry point (gunicorn kunskapsstyrning.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsstyrning.settings.production")

application = get_wsgi_application()
