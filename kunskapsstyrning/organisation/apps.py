from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    """The shared structure: regions, people, groups, memberships and hosting."""

    name = "kunskapsstyrning.organisation"
    label = "organisation"
    verbose_name = _("Organisation och struktur")

    def ready(self) -> None:
        from . import composition_overview, permissions  # noqa: F401  (permissions registers the rules)

        composition_overview.register()  # the overview is precomputed by the worker (aggregates.py)
