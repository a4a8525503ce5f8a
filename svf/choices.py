from django.db import models
from django.utils.translation import gettext_lazy as _


class PathwayState(models.TextChoices):
    """Where a vårdförlopp is in its life (the transition table lives in svf/workflow.py)."""

    STARTED = "paborjad", _("Påbörjad")
    CONSULTATION = "pa_remiss", _("På remiss")
    REWORK = "bearbetning", _("Bearbetning efter remiss")
    DECIDED = "beslutad", _("Beslutad")
    PUBLISHED = "publicerad", _("Publicerad")
    REVISING = "under_revidering", _("Under revidering")
