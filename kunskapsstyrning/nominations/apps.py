from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    """Calls for seats and nominations: how a group's seats get filled."""

    name = "kunskapsstyrning.nominations"
    label = "nominations"
    verbose_name = _("Utlysningar och nomineringar")

    def ready(self) -> None:
        from . import extensions, permissions, reminders  # noqa: F401  (rules, panel, demo call, reminder kinds)
