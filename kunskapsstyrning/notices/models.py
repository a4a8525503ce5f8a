"""What reaches people: private calendar feeds, and the reminders (notices) the worker sends.

A Notice is one reminder (kind, object, milestone, person), decided once by a unique constraint
and recorded before anything is sent; its e-mail goes out immediately or in the daily Digest.
"""

import secrets

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Person

from .choices import Delivery, EmailStatus


def new_token() -> str:
    return secrets.token_urlsafe(32)


@audited()
class CalendarFeed(models.Model):
    """A person's iCal feed. Revoking sets revoked_at; a new feed gets a new token, so an old,
    leaked URL stops working at once."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("person")
    )
    token = models.CharField(_("hemlig nyckel"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("kalenderflöde")
        verbose_name_plural = _("kalenderflöden")
        constraints = [
            models.UniqueConstraint(
                fields=("person",),
                condition=models.Q(revoked_at__isnull=True),
                name="%(app_label)s_%(class)s_one_active_per_person",
                violation_error_message=_("Personen har redan ett aktivt kalenderflöde."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({'återkallad' if self.revoked_at else 'aktiv'})"


@audited()
class KindSetting(models.Model):
    """Staff-editable settings of one reminder kind (kinds.py): the lead times in days before the
    deadline, and whether the kind runs at all. Without a row the kind's defaults apply."""

    kind = models.CharField(_("slag"), max_length=60, unique=True)
    lead_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("dagar före"),
        help_text=_("Hur många dagar före tidpunkten påminnelsen skickas, t.ex. 90,30."),
        blank=True,
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ("kind",)
        verbose_name = _("inställning för påminnelseslag")
        verbose_name_plural = _("inställningar för påminnelseslag")

    def __str__(self) -> str:
        return self.kind


@audited()
class Preference(models.Model):
    """How a person wants one kind by e-mail. Without a row the kind's default (immediately)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notice_preferences", verbose_name=_("person")
    )
    kind = models.CharField(_("slag"), max_length=60)
    delivery = models.CharField(_("e-post"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATELY)

    class Meta:
        ordering = ("person", "kind")
        verbose_name = _("val för notiser")
        verbose_name_plural = _("val för notiser")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "kind"),
                name="%(app_label)s_%(class)s_one_per_kind",
                violation_error_message=_("Personen har redan ett val för det här slaget."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {self.delivery}"


class Outbox(models.Model):
    """What an e-mail needs to be sent exactly once: its state, attempts and the claim (lease).

    A sender claims rows with SELECT … FOR UPDATE SKIP LOCKED and sets `lease_until`; a worker
    that dies leaves the lease to expire and another sender takes the row. See services.py."""

    email_status = models.CharField(
        _("e-poststatus"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    send_after = models.DateTimeField(_("skickas tidigast"))
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    lease_until = models.DateTimeField(_("upptagen till"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        abstract = True


class Digest(Outbox):
    """A person's daily digest: the notices they chose to get once a day, in one e-mail."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="digests", verbose_name=_("person"))
    day = models.DateField(_("dag"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ("-day", "person")
        verbose_name = _("daglig sammanställning")
        verbose_name_plural = _("dagliga sammanställningar")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "day"),
                name="%(app_label)s_%(class)s_one_per_day",
                violation_error_message=_("Personen har redan en sammanställning den dagen."),
            )
        ]
        indexes = [models.Index(fields=("email_status", "send_after"), name="notices_digest_due_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.day:%Y-%m-%d}"

    @property
    def message_id(self) -> str:
        return f"<sammanstallning-{self.person_id}-{self.day:%Y%m%d}@{MESSAGE_ID_DOMAIN}>"


#: The right-hand side of every Message-ID: stable, so a resend carries the same id.
MESSAGE_ID_DOMAIN = "kunskapsstyrningsportalen"


class Notice(Outbox):
    """One reminder to one person: decided once (the unique constraint), recorded before any
    e-mail goes out, shown in the portal under Notiser and sent by e-mail as the person chose.

    The object is whatever owns the deadline (a membership, a declaration, a nomination, a seat
    call, later a recommendation or a care pathway), by content type and id; `milestone` says
    which reminder of that object this is ("90", "30", "beslut" …)."""

    kind = models.CharField(_("slag"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("objekttyp"))
    object_id = models.PositiveBigIntegerField(_("objekt-id"))
    obj = GenericForeignKey("content_type", "object_id")
    milestone = models.CharField(_("tillfälle"), max_length=40)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices", verbose_name=_("mottagare"))
    deadline = models.DateField(_("tidpunkt"))
    title = models.CharField(_("rubrik"), max_length=300)
    url = models.CharField(_("länk"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("beslutad"), auto_now_add=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("sammanställning"),
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "content_type", "object_id", "milestone", "person"),
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("Påminnelsen är redan beslutad."),
            )
        ]
        indexes = [
            models.Index(
                fields=("send_after",),
                condition=models.Q(email_status__in=["vantar", "nytt_forsok"]),
                name="notices_notice_open_idx",
            ),
            models.Index(
                fields=("person",), condition=models.Q(read_at__isnull=True), name="notices_notice_unread_idx"
            ),
            models.Index(fields=("person", "-created_at"), name="notices_notice_person_idx"),
            # The staff overview's list, newest first, a page at a time (also filtered by kind).
            models.Index(fields=("-created_at", "-id"), name="notices_notice_newest_idx"),
            models.Index(fields=("kind", "-created_at", "-id"), name="notices_notice_kind_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.person}"

    @property
    def message_id(self) -> str:
        """Derived from the reminder itself, so a second send of the same reminder (the one window
        no system closes) carries the same Message-ID and a mail system can recognise it."""
        return f"<notis-{self.pk}-{self.kind}-{self.milestone}@{MESSAGE_ID_DOMAIN}>"
