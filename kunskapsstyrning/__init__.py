"""Kunskapsstyrningsportalen: the project package (settings, URLs, Celery app, shared structure)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
