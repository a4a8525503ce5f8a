"""Choices of the regional follow-up of care pathways: indicators, introduction stages, reports.

Kept apart from choices.py (the pathway's own life) so the two halves of the app stay separable."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import PathwayState


class IndicatorKind(models.TextChoices):
    PROCESS = "process", _("Processindikator")
    OUTCOME = "utfall", _("Utfallsindikator")


class TargetDirection(models.TextChoices):
    """Which side of the målnivå is good: at least the target, or at most."""

    AT_LEAST = "minst", _("Minst målnivån")
    AT_MOST = "hogst", _("Högst målnivån")


class Stage(models.TextChoices):
    """How far a region has come with a pathway, in the order of the introduction. The stage is
    derived from the dates on the introduction (services), never set by hand."""

    NOT_DECIDED = "ej_beslutat", _("Inget beslut")
    DECLINED = "avstar", _("Avstår")
    DECIDED = "beslutat", _("Beslut om införande")
    GAP_ANALYSIS = "gapanalys", _("Gapanalys")
    ACTION_PLAN = "handlingsplan", _("Handlingsplan")
    INTRODUCTION = "inforande", _("Införande")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")


#: Stages in which the region has decided to introduce the pathway (and so reports).
INTRODUCING_STAGES = (Stage.DECIDED, Stage.GAP_ANALYSIS, Stage.ACTION_PLAN, Stage.INTRODUCTION, Stage.FOLLOW_UP)

#: The date field on Implementation that starts each stage, in order.
STAGE_DATES: list[tuple[str, str]] = [
    (Stage.DECIDED, "decided_on"),
    (Stage.GAP_ANALYSIS, "gap_analysis_on"),
    (Stage.ACTION_PLAN, "action_plan_on"),
    (Stage.INTRODUCTION, "introduced_on"),
    (Stage.FOLLOW_UP, "follow_up_on"),
]


class ReportKind(models.TextChoices):
    """The two regional reports a year: progress by 30 September, the yearly report by 31 March
    (about the year before)."""

    PROGRESS = "lagesrapport", _("Lägesrapport (30 september)")
    YEARLY = "arsrapport", _("Årsrapport (31 mars)")


#: (month, day) of each report's deadline.
REPORT_DEADLINES: dict[str, tuple[int, int]] = {ReportKind.PROGRESS: (9, 30), ReportKind.YEARLY: (3, 31)}


def report_deadline(kind: str, year: int) -> datetime.date:
    month, day = REPORT_DEADLINES[kind]
    return datetime.date(year, month, day)


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjad", _("Ej påbörjad")
    ONGOING = "pagar", _("Pågår")
    DONE = "klar", _("Klar")
    CANCELLED = "struken", _("Struken")


#: Pathways that regions introduce and follow up: those published (also while a revision is
#: being worked on). The matrix, the comparison pages and the API show these.
FOLLOWED_STATES = (PathwayState.PUBLISHED, PathwayState.REVISING)
