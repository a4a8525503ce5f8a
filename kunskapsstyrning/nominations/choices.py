from django.db import models
from django.utils.translation import gettext_lazy as _


class DecidingBody(models.TextChoices):
    GROUP = "gruppen", _("Programområdet eller samverkansgruppen")
    REGIONAL_MANAGEMENT = "regionledning", _("Sjukvårdsregionens ledning")
    PREPARATORY_GROUP = "beredningsgrupp", _("Beredningsgruppen")


class NominatedBy(models.TextChoices):
    HEALTHCARE_REGION = "sjukvardsregion", _("Sjukvårdsregion")
    RPO = "rpo", _("RPO")
    SELF = "sjalv", _("Egen intresseanmälan")


class NominationStatus(models.TextChoices):
    SUBMITTED = "inlamnad", _("Inlämnad")
    ACCEPTED = "antagen", _("Antagen")
    DECLINED = "avslagen", _("Avslagen")
    WITHDRAWN = "aterkallad", _("Återkallad")


#: The nomination state machine: from each status, the statuses it may move to.
NOMINATION_TRANSITIONS: dict[str, set[str]] = {
    NominationStatus.SUBMITTED: {NominationStatus.ACCEPTED, NominationStatus.DECLINED, NominationStatus.WITHDRAWN},
    NominationStatus.ACCEPTED: set(),
    NominationStatus.DECLINED: set(),
    NominationStatus.WITHDRAWN: set(),
}
