from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SvfConfig(AppConfig):
    """Vårdförlopp (SVF/PSV): consultation, SKS decision, regional introduction and follow-up."""

    name = "svf"
    verbose_name = _("Vårdförlopp")

    def ready(self) -> None:
        from nkk.consultations.registry import consultation_subjects

        from . import extensions, permissions  # noqa: F401  (rules, panels, demo data)
        from .models import PathwayVersion

        consultation_subjects.register(
            PathwayVersion,
            title=lambda v: str(v),
            url=lambda v: v.get_absolute_url(),
            label=_("Vårdförlopp"),
        )
        # The follow-up's reminder kind and demo data.
        # The national matrix, precomputed by the worker after each change and nightly.
        from kunskapsstyrning.organisation import aggregates

        from . import follow_up_extensions, follow_up_reminders, follow_up_selectors  # noqa: F401

        aggregates.register(
            aggregates.AggregateKind(
                follow_up_selectors.MATRIX,
                compute=follow_up_selectors.compute_matrix,
                inputs=set(follow_up_selectors.MATRIX_INPUTS),
            )
        )
