from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What reaches people outside the portal: the private calendar feed today, and the
    reminders the Celery worker sends (their home when they are built)."""

    name = "kunskapsstyrning.notices"
    label = "notices"
    verbose_name = _("Påminnelser och kalender")

    def ready(self) -> None:
        from . import extensions, permissions  # noqa: F401  (registers the calendar section and the rules)
