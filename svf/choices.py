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


class VersionStatus(models.TextChoices):
    """Where one version's text stands. Only a draft changes; the others are frozen in the
    database (svf/migrations/0003_frozen_versions.py)."""

    DRAFT = "utkast", _("Utkast")
    CONSULTATION = "remissversion", _("Remissversion")
    DECIDED = "beslutad", _("Beslutad av SKS")
    PUBLISHED = "publicerad", _("Publicerad")


#: Statuses whose text can no longer change.
FROZEN_STATUSES = (VersionStatus.CONSULTATION, VersionStatus.DECIDED, VersionStatus.PUBLISHED)


class SectionKind(models.TextChoices):
    """The named sections of a vårdförlopp beside its flow (in display order)."""

    SCOPE = "omfattning", _("Omfattning")
    ENTRY_EXIT = "ingang_utgang", _("Ingång och utgång")
    PATIENT_CONTRACT = "patientkontrakt", _("Patientkontrakt och individuell plan")
    CROWDING_OUT = "undantrangning", _("Konsekvensbeskrivning: undanträngning")
    COSTS = "kostnader", _("Konsekvensbeskrivning: kostnader")
    ADMINISTRATION = "administration", _("Konsekvensbeskrivning: administration")
