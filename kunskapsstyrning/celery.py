"""The Celery app. Tasks are thin entry points that load by id and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsstyrning.settings.local")

app = Celery("kunskapsstyrning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
