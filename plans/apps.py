from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Verksamhetsplaner: initiatives (insatser) per group and year, SKS approval, the national
    overview, the yearly summary PDF and the nuläge figures."""

    name = "plans"
    verbose_name = _("Verksamhetsplaner")

    def ready(self) -> None:
        from . import extensions, permissions  # noqa: F401  (registers the rules, nuläge figures, demo data)
