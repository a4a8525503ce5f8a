"""Choices of the consultation engine, shared by models, forms and selectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationKind(models.TextChoices):
    REMISS = "remiss", _("Remiss")
    SYNPUNKTSINHAMTNING = "synpunktsinhamtning", _("Synpunktsinhämtning")


class RoundStatus(models.TextChoices):
    """Derived from the round's dates and today's date in Stockholm, never stored."""

    PLANNED = "planerad", _("Planerad")
    OPEN = "oppen", _("Öppen")
    CLOSED = "stangd", _("Stängd")


class Position(models.TextChoices):
    """A recipient's position on what was sent out."""

    SUPPORTS = "tillstyrker", _("Tillstyrker")
    SUPPORTS_WITH_COMMENTS = "tillstyrker_med_synpunkter", _("Tillstyrker med synpunkter")
    OPPOSES = "avstyrker", _("Avstyrker")


class Outcome(models.TextChoices):
    """The owning group's response to one comment."""

    ACCEPTED = "godtagen", _("Godtagen")
    PARTLY_ACCEPTED = "delvis_godtagen", _("Delvis godtagen")
    NOT_ACCEPTED = "ej_godtagen", _("Ej godtagen")


#: Outcomes that must say why (a comment taken in full needs no defence).
OUTCOMES_NEEDING_REASON = (Outcome.PARTLY_ACCEPTED, Outcome.NOT_ACCEPTED)
