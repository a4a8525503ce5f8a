from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NkkConfig(AppConfig):
    """Nationellt kliniskt kunskapsstöd: recommendations, revision deadlines, publishing dates."""

    name = "nkk"
    verbose_name = _("Nationellt kliniskt kunskapsstöd")

    def ready(self) -> None:
        # rules, panels, demo data, reminder kind; the version as a consultation subject
        from kunskapsstyrning.organisation import aggregates

        from . import campaign_selectors, extensions, permissions, reminders, review_rounds  # noqa: F401

        aggregates.register(
            aggregates.AggregateKind(
                campaign_selectors.PROGRESS,
                compute=campaign_selectors.compute_progress,
                inputs=set(campaign_selectors.PROGRESS_INPUTS),
            )
        )
