from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The API's own parts: access tokens for integrations (the endpoints are in each app)."""

    name = "kunskapsstyrning.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import extensions  # noqa: F401  (the Mina uppdrag section)
