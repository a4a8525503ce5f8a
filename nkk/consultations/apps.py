from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Remiss and synpunktsinhämtning: windows, rounds, answers and the comment ledger."""

    name = "nkk.consultations"
    label = "consultations"
    verbose_name = _("Remisser och synpunktsinhämtning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import permissions, reminders  # noqa: F401  (the rules; the reminder kind and Min sida)
