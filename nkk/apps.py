from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NkkConfig(AppConfig):
    """Nationellt kliniskt kunskapsstöd: recommendations, revision deadlines, publishing dates."""

    name = "nkk"
    verbose_name = _("Nationellt kliniskt kunskapsstöd")

    def ready(self) -> None:
        from . import extensions, permissions, reminders  # noqa: F401  (rules, panels, demo data, reminder kind)
