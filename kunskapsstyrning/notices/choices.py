from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person wants one kind of reminder by e-mail. The notice in the portal is always made."""

    IMMEDIATELY = "direkt", _("Direkt")
    DIGEST = "sammanstallning", _("Daglig sammanställning")
    OFF = "av", _("Av")


class EmailStatus(models.TextChoices):
    """The e-mail side of a notice or a digest: an outbox row's states."""

    PENDING = "vantar", _("Väntar")
    RETRYING = "nytt_forsok", _("Misslyckades, försöker igen")
    SENT = "skickad", _("Skickad")
    GIVEN_UP = "gav_upp", _("Gav upp")
    IN_DIGEST = "i_sammanstallning", _("I daglig sammanställning")
    OFF = "av", _("Ingen e-post (avstängd)")
    CANCELLED = "stoppad", _("Stoppad (inte längre mottagare)")


#: States the sender still has work for.
OPEN_STATUSES = (EmailStatus.PENDING, EmailStatus.RETRYING)
