from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NpoConfig(AppConfig):
    """National program areas: their pages and, later, activity plans (insatser).

    The groups themselves live in kunskapsstyrning.organisation, shared by every app.
    """

    name = "npo"
    verbose_name = _("Nationella programområden")
