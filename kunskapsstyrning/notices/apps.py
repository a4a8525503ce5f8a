from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What reaches people: the private calendar feed, the reminders the Celery worker sends
    (the kind registry in kinds.py) and the notices in the portal."""

    name = "kunskapsstyrning.notices"
    label = "notices"
    verbose_name = _("Påminnelser och kalender")

    def ready(self) -> None:
        from . import extensions, permissions, reminders  # noqa: F401  (calendar section, rules, mandate kind)
