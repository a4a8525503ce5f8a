from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts: invitations, sessions, password reset, second factor, the registerutdrag and
    pseudonymisation. Reads every app's personal data through the structure's registry
    (personal_data, pseudonymisers), never by importing the apps beside it."""

    name = "kunskapsstyrning.accounts"
    label = "accounts"
    verbose_name = _("Konton och personuppgifter")

    def ready(self) -> None:
        from . import extensions, permissions, signals  # noqa: F401  (hooks, rules, session log)
