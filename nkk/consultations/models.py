"""Review windows, consultation rounds, recipients, answers, comments and responses.

- A `ReviewWindow` row exists only where a round uses a window or support staff adjusted its
  dates; the calendar itself is computed (windows.py).
- A `ConsultationRound` consults one subject (any model instance, generic) owned by a group.
  Its status (planerad / öppen / stängd) follows from its dates and today's date in Stockholm.
- A `Recipient` is a region, a group (NPO, NSG …) or a named organisation (a kommun, a
  patient organisation), with optional designated contact persons.
- One `Answer` per recipient: position, free text, optional attachment, comments.
- A `CommentResponse` is the owning group's response to a comment. Responses are append-only
  (a new response supersedes the previous one; the latest is current) and none can be added
  once the round's ledger is published: the database refuses (triggers below).
"""

import datetime

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.audit import audited
from kunskapsstyrning.organisation.models import Group, Person, Region
from kunskapsstyrning.organisation.models.periods import today

from .choices import ConsultationKind, Outcome, Position, RoundStatus
from .storage import attachment_storage

__all__ = ("Answer", "Comment", "CommentResponse", "ConsultationRound", "Recipient", "ReviewWindow")

#: The message for the trigger consultations_ledger_frozen (services map the trigger's error to it).
LEDGER_FROZEN = _("Sammanställningen är publicerad och kan inte längre ändras.")


@audited()
class ReviewWindow(models.Model):
    """A review window as stored: created when a round is placed in it or support staff adjust
    its dates (e.g. a window moved for an election or a system change). Unstored windows are
    computed from windows.WINDOW_SPECS."""

    kind = models.CharField(_("typ av granskning"), max_length=20, choices=ConsultationKind.choices)
    year = models.PositiveSmallIntegerField(_("år"), help_text=_("Året då fönstret börjar."))
    number = models.PositiveSmallIntegerField(_("nummer"), help_text=_("Fönstrets ordning under året."))
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrat av"),
    )
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    class Meta:
        ordering = ("opens_on", "kind", "number")
        verbose_name = _("granskningsfönster")
        verbose_name_plural = _("granskningsfönster")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "year", "number"),
                name="%(app_label)s_%(class)s_unique_window",
                violation_error_message=_("Fönstret finns redan."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="%(app_label)s_%(class)s_closes_after_opens",
                violation_error_message=_("Ett fönster kan inte stänga före det öppnar."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}:{self.number} ({self.opens_on}–{self.closes_on})"

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.year}-{self.number}"


def status_on(opens_on: datetime.date, closes_on: datetime.date, on: datetime.date) -> str:
    if on < opens_on:
        return RoundStatus.PLANNED
    if on > closes_on:
        return RoundStatus.CLOSED
    return RoundStatus.OPEN


class RoundQuerySet(models.QuerySet):
    def with_status(self, status: str, on: datetime.date | None = None):
        on = on or today()
        return self.filter(
            {
                RoundStatus.PLANNED: Q(opens_on__gt=on),
                RoundStatus.OPEN: Q(opens_on__lte=on, closes_on__gte=on),
                RoundStatus.CLOSED: Q(closes_on__lt=on),
            }[status]
        )

    def for_subject(self, obj):
        return self.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)


@audited()
class ConsultationRound(models.Model):
    """One remiss or synpunktsinhämtning of one subject, addressed to chosen recipients."""

    kind = models.CharField(_("typ av granskning"), max_length=20, choices=ConsultationKind.choices)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("typ av innehåll")
    )
    subject_id = models.PositiveBigIntegerField(_("innehållets id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    owner_group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="consultation_rounds",
        verbose_name=_("ägande grupp"),
        help_text=_("Gruppen som äger innehållet och besvarar synpunkterna."),
    )
    window = models.ForeignKey(
        ReviewWindow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        verbose_name=_("granskningsfönster"),
    )
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("sista svarsdag"))
    description = models.TextField(
        _("beskrivning"), blank=True, help_text=_("Vad mottagarna ombeds granska och hur de svarar.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    ledger_published_at = models.DateTimeField(_("sammanställningen publicerad"), null=True, blank=True)
    ledger_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammanställningen publicerad av"),
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ("opens_on", "pk")
        verbose_name = _("granskningsrunda")
        verbose_name_plural = _("granskningsrundor")
        indexes = [models.Index(fields=("subject_type", "subject_id"), name="consult_round_subject_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="%(app_label)s_%(class)s_closes_after_opens",
                violation_error_message=_("Sista svarsdag kan inte ligga före dagen då rundan öppnar."),
            ),
        ]
        triggers = [
            # A published ledger is frozen: the round it belongs to cannot change afterwards.
            pgtrigger.Protect(
                name="round_frozen_after_ledger",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__ledger_published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        from .registry import subject_title

        return _("%(kind)s: %(subject)s") % {"kind": self.get_kind_display(), "subject": subject_title(self.subject)}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:round", kwargs={"pk": self.pk})

    def status_on(self, on: datetime.date) -> str:
        return status_on(self.opens_on, self.closes_on, on)

    @property
    def status(self) -> str:
        return self.status_on(today())

    def get_status_display(self) -> str:
        return RoundStatus(self.status).label

    @property
    def ledger_published(self) -> bool:
        return self.ledger_published_at is not None


@audited()
class Recipient(models.Model):
    """Who a round is addressed to: one region, one group, or a named organisation."""

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.PROTECT, related_name="recipients", verbose_name=_("granskningsrunda")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("grupp")
    )
    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("En mottagare utanför strukturen, t.ex. en kommun eller en patientorganisation."),
    )
    contacts = models.ManyToManyField(
        Person,
        blank=True,
        related_name="consultation_contacts",
        verbose_name=_("utsedda kontaktpersoner"),
        help_text=_("Personer som får svara för mottagaren utöver dem som företräder den i strukturen."),
    )
    late_until = models.DateField(
        _("sena svar godtas till och med"),
        null=True,
        blank=True,
        help_text=_("Satt av stödfunktionen när ett sent svar godtas; svaret märks som sent."),
    )
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent svar godtaget av"),
    )

    class Meta:
        ordering = ("round", "region__name", "group__name", "organisation_name")
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(region__isnull=False, group__isnull=True, organisation_name="")
                    | Q(region__isnull=True, group__isnull=False, organisation_name="")
                    | (Q(region__isnull=True, group__isnull=True) & ~Q(organisation_name=""))
                ),
                name="%(app_label)s_%(class)s_exactly_one",
                violation_error_message=_("En mottagare är en region, en grupp eller en namngiven organisation."),
            ),
            models.UniqueConstraint(
                fields=("round", "region"),
                condition=Q(region__isnull=False),
                name="%(app_label)s_%(class)s_unique_region",
                violation_error_message=_("Regionen är redan mottagare av rundan."),
            ),
            models.UniqueConstraint(
                fields=("round", "group"),
                condition=Q(group__isnull=False),
                name="%(app_label)s_%(class)s_unique_group",
                violation_error_message=_("Gruppen är redan mottagare av rundan."),
            ),
            models.UniqueConstraint(
                fields=("round", "organisation_name"),
                condition=~Q(organisation_name=""),
                name="%(app_label)s_%(class)s_unique_organisation",
                violation_error_message=_("Organisationen är redan mottagare av rundan."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.region_id:
            return self.region.name
        if self.group_id:
            return self.group.name
        return self.organisation_name

    @property
    def kind_label(self) -> str:
        if self.region_id:
            return str(_("Region"))
        if self.group_id:
            return self.group.get_kind_display()
        return str(_("Organisation"))


@audited()
class Answer(models.Model):
    """A recipient's answer: position, free text, an optional attachment and its comments."""

    recipient = models.OneToOneField(
        Recipient, on_delete=models.PROTECT, related_name="answer", verbose_name=_("mottagare")
    )
    position = models.CharField(_("ställningstagande"), max_length=30, choices=Position.choices)
    text = models.TextField(_("svar"), blank=True)
    attachment = models.FileField(
        _("bilaga"), upload_to="svar/%Y/", storage=attachment_storage, blank=True, max_length=300
    )
    attachment_name = models.CharField(_("bilagans filnamn"), max_length=200, blank=True)
    is_late = models.BooleanField(_("sent svar"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lämnat av"),
    )
    submitted_at = models.DateTimeField(_("lämnat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    class Meta:
        ordering = ("recipient",)
        verbose_name = _("svar")
        verbose_name_plural = _("svar")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.get_position_display()}"


@audited()
class Comment(models.Model):
    """One comment in an answer, e.g. on one section of the text."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="comments", verbose_name=_("svar"))
    section = models.CharField(_("avsnitt"), max_length=200, blank=True)
    text = models.TextField(_("synpunkt"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ("answer", "order", "pk")
        verbose_name = _("synpunkt")
        verbose_name_plural = _("synpunkter")

    def __str__(self) -> str:
        return f"{self.answer.recipient}: {self.section or self.text[:40]}"


@audited()
class CommentResponse(models.Model):
    """The owning group's response to a comment. Append-only: the latest response is current."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="responses", verbose_name=_("synpunkt"))
    outcome = models.CharField(_("bedömning"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("motivering"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besvarad av"),
    )
    responded_at = models.DateTimeField(_("besvarad"), auto_now_add=True)

    class Meta:
        ordering = ("comment", "responded_at", "pk")
        get_latest_by = ("responded_at", "pk")
        verbose_name = _("svar på synpunkt")
        verbose_name_plural = _("svar på synpunkter")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=Outcome.ACCEPTED) | ~Q(reason=""),
                name="%(app_label)s_%(class)s_reason_unless_accepted",
                violation_error_message=_("Motivera varför synpunkten inte godtas i sin helhet."),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="responses_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            pgtrigger.Trigger(
                name="ledger_frozen",
                operation=pgtrigger.Insert,
                when=pgtrigger.Before,
                func=(
                    "IF EXISTS (SELECT 1 FROM consultations_comment c"
                    " JOIN consultations_answer a ON a.id = c.answer_id"
                    " JOIN consultations_recipient r ON r.id = a.recipient_id"
                    " JOIN consultations_consultationround o ON o.id = r.round_id"
                    " WHERE c.id = NEW.comment_id AND o.ledger_published_at IS NOT NULL) THEN"
                    " RAISE EXCEPTION 'ledger frozen' USING ERRCODE = 'check_violation',"
                    " CONSTRAINT = 'consultations_ledger_frozen';"
                    " END IF; RETURN NEW;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comment}: {self.get_outcome_display()}"
