"""Choices of the activity plans, reused by models, forms, filtersets and the PDF."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.choices import GroupKind

#: The groups that plan initiatives and have their plans approved by SKS.
PLANNING_KINDS = (GroupKind.NPO, GroupKind.NSG, GroupKind.PRIMARY_CARE_COUNCIL)

#: The years a plan may be made for: the system began in 2018.
FIRST_YEAR = 2018
LAST_YEAR = 2100


class PlanState(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    SUBMITTED = "inlamnad", _("Inlämnad")
    APPROVED = "godkand", _("Godkänd")


#: The state machine of a plan: (from, to) → the permission asked. One table, one service.
TRANSITIONS: dict[tuple[str, str], str] = {
    (PlanState.DRAFT, PlanState.SUBMITTED): "plans.edit_plan",
    (PlanState.SUBMITTED, PlanState.DRAFT): "plans.edit_plan",
    (PlanState.SUBMITTED, PlanState.APPROVED): "plans.approve_plan",
}


class InitiativeKind(models.TextChoices):
    KNOWLEDGE_SUPPORT = "kunskapsstod", _("Kunskapsstöd")
    CARE_PATHWAY = "vardforlopp", _("Vårdförlopp")
    CARE_PROGRAMME = "vardprogram", _("Vårdprogram")
    ORDERED_INTRODUCTION = "ordnat_inforande", _("Ordnat införande")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")
    COMPETENCE = "kompetensutveckling", _("Kompetensutveckling")
    OTHER = "annat", _("Annat")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planerad", _("Planerad")
    ONGOING = "pagar", _("Pågår")
    DONE = "klar", _("Klar")
    CANCELLED = "avbruten", _("Avbruten")


class PdfState(models.TextChoices):
    QUEUED = "koad", _("Köad")
    RUNNING = "pagar", _("Skapas")
    DONE = "klar", _("Klar")
    FAILED = "fel", _("Misslyckades")
