from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NsgConfig(AppConfig):
    """National collaboration groups; the groups themselves live in kunskapsstyrning.organisation."""

    name = "nsg"
    verbose_name = _("Nationella samverkansgrupper")
