from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SvfConfig(AppConfig):
    """Vårdförlopp (SVF/PSV): consultation, SKS decision, regional introduction and follow-up."""

    name = "svf"
    verbose_name = _("Vårdförlopp")

    def ready(self) -> None:
        # The follow-up's rules, reminder kind and demo data (the lifecycle registers its own).
        from . import follow_up_extensions, follow_up_reminders, permissions  # noqa: F401
