from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NkkConfig(AppConfig):
    """Nationellt kliniskt kunskapsstöd: recommendations, revision deadlines, publishing dates."""

    name = "nkk"
    verbose_name = _("Nationellt kliniskt kunskapsstöd")

    def ready(self) -> None:
        # rules, panels, demo data, reminder kind; the version as a consultation subject
        from . import extensions, permissions, reminders, review_rounds  # noqa: F401
