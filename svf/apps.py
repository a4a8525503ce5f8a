from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SvfConfig(AppConfig):
    """Vårdförlopp (SVF/PSV): consultation, SKS decision, regional introduction and follow-up."""

    name = "svf"
    verbose_name = _("Vårdförlopp")
