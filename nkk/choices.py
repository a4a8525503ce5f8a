"""Choices of Nationellt kliniskt kunskapsstöd, reused by models, forms, filtersets and the workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """Where a version stands in the editorial process (workflow.TRANSITIONS says how it moves).

    A recommendation as a whole can also be withdrawn or merged into another after publication;
    those two states are the recommendation's (Recommendation.status), recorded in the same log."""

    DRAFT = "utkast", _("Utkast")
    NPO_APPROVAL = "npo_godkannande", _("Väntar på NPO:s godkännande före granskningsrunda 1")
    REVIEW_1 = "granskningsrunda_1", _("Granskningsrunda 1")
    NPO_APPROVAL_2 = "npo_godkannande_2", _("Väntar på NPO:s godkännande före granskningsrunda 2")
    REVIEW_2 = "granskningsrunda_2", _("Granskningsrunda 2")
    NPO_APPROVAL_3 = "npo_godkannande_3", _("Väntar på NPO:s godkännande före publicering")
    APPROVED = "godkand", _("Godkänd för publicering")
    PLANNED = "planerad", _("Planerad för publicering")
    PUBLISHED = "publicerad", _("Publicerad")
    WITHDRAWN = "aterkallad", _("Återkallad")
    MERGED = "sammanslagen", _("Sammanslagen")


#: The states of a version that is still being worked on (at most one per recommendation).
OPEN_STATES = (
    State.DRAFT,
    State.NPO_APPROVAL,
    State.REVIEW_1,
    State.NPO_APPROVAL_2,
    State.REVIEW_2,
    State.NPO_APPROVAL_3,
    State.APPROVED,
    State.PLANNED,
)


class RecommendationStatus(models.TextChoices):
    ACTIVE = "aktiv", _("Aktiv")
    WITHDRAWN = State.WITHDRAWN.value, _("Återkallad")
    MERGED = State.MERGED.value, _("Sammanslagen")


class SecondRoundKind(models.TextChoices):
    """Granskningsrunda 2 is a national remiss or the lighter synpunktsinhämtning."""

    REMISS = "remiss", _("Nationell remiss")
    COMMENTS = "synpunktsinhamtning", _("Synpunktsinhämtning")


class TargetPopulation(models.TextChoices):
    ADULTS = "vuxna", _("Vuxna")
    CHILDREN = "barn", _("Barn och ungdomar")
    ELDERLY = "aldre", _("Äldre")
    PREGNANT = "gravida", _("Gravida")
    ALL = "alla", _("Alla åldrar")


class SectionKind(models.TextChoices):
    """The named sections of a recommendation page, in the order they are shown."""

    CARE_LEVEL = "vardniva", _("Vårdnivå, samverkan och remissrutiner")
    CONDITION = "om_halsotillstandet", _("Om hälsotillståndet")
    ASSESSMENT = "utredning", _("Utredning")
    TREATMENT = "behandling", _("Behandling")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")
    SCOPE = "omfattning", _("Omfattning")
    ENTRY_EXIT = "ingang_utgang", _("Ingång och utgång")


class ChangeKind(models.TextChoices):
    """The typed change note of a version, as the newsletter tags each published title."""

    NEW = "ny", _("Ny")
    REVISED = "reviderad", _("Reviderad")
    RENAMED = "tidigare_titel", _("Ny titel (tidigare titel)")
    CLARIFIED = "fortydligande", _("Förtydligande")
    MERGED = "sammanslagen", _("Sammanslagen (tidigare titlar)")
    REVIEWED = "granskad_utan_andring", _("Granskad utan ändring")


class PublishingDateStatus(models.TextChoices):
    OPEN = "oppen", _("Kommande")
    PUBLISHED = "publicerad", _("Publicerad")
    FAILED = "misslyckad", _("Publiceringen misslyckades")
