from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    """Declarations of interest (jävsdeklarationer): filed by members, read under the rules."""

    name = "kunskapsstyrning.declarations"
    label = "declarations"
    verbose_name = _("Jävsdeklarationer")

    def ready(self) -> None:
        from . import extensions, permissions, reminders  # noqa: F401  (rules, panels, checks, reminder kinds)
