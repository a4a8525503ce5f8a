"""Reads of NKK shaped for a fixed number of queries, whatever the number of recommendations."""

import datetime

from django.db.models import Case, Count, Prefetch, Q, Value, When

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.permissions import is_support_staff

from .choices import OPEN_STATES, PublishingDateStatus, State
from .models import PublishingDate, Recommendation, RecommendationSection, RecommendationVersion, TransitionRecord
from .permissions import LEADER_ROLES, roles_by_group


def public_recommendations():
    """Published, active recommendations with what the list shows (title, address, date of the
    latest publication, the ämnesområde's name and address) and nothing else: one query, which
    does not join the versions. Ordered to the row (pk last), so the pages split it exactly."""
    return (
        Recommendation.objects.public()
        .select_related("subject_area")
        .only("slug", "title", "last_published_on", "subject_area__name", "subject_area__slug")
        .order_by("subject_area__name", "title", "pk")
    )


def published_versions(recommendation):
    return recommendation.versions.filter(state=State.PUBLISHED).select_related("publishing_date").order_by("-number")


def version_with_sections(recommendation, number: int) -> RecommendationVersion | None:
    return (
        RecommendationVersion.objects.filter(recommendation=recommendation, number=number)
        .select_related("publishing_date", "recommendation__subject_area")
        .prefetch_related(Prefetch("sections", queryset=RecommendationSection.objects.order_by("position")))
        .first()
    )


def recent_dates(limit: int = 8) -> list[PublishingDate]:
    """The latest `limit` published dates, newest first, each with `published_count`, the number
    of versions it published (one query)."""
    return list(
        PublishingDate.objects.filter(status=PublishingDateStatus.PUBLISHED)
        .annotate(published_count=Count("versions", filter=Q(versions__state=State.PUBLISHED)))
        .order_by("-date", "-pk")[:limit]
    )


def recent_versions(dates: list[PublishingDate]):
    """The versions the `dates` published, in the dates' order and by title, reading only what the
    page shows of a version: its title, number, change tag and address. A queryset, for the page
    to slice (one query for a page)."""
    positions = [When(publishing_date_id=d.pk, then=Value(i)) for i, d in enumerate(dates)]
    order = Case(*positions, default=Value(len(dates))) if positions else Value(0)
    return (
        RecommendationVersion.objects.filter(state=State.PUBLISHED, publishing_date__in=[d.pk for d in dates])
        .select_related("recommendation")
        .only(
            "pk",
            "number",
            "title",
            "publishing_date_id",
            "change_kind",
            "change_subject",
            "change_heading",
            "replaced_titles",
            "recommendation__slug",
        )
        .order_by(order, "recommendation__title", "pk")
    )


def calendar(on: datetime.date | None = None) -> list[PublishingDate]:
    """Coming dates and those not yet published, each split into planned, approved and waiting
    (versions aimed at the date that are still in the workflow). Two queries."""
    on = on or today()
    versions = (
        RecommendationVersion.objects.filter(state__in=OPEN_STATES)
        .select_related("recommendation__subject_area")
        .order_by("recommendation__title")
    )
    dates = list(
        PublishingDate.objects.filter(Q(date__gte=on) | ~Q(status=PublishingDateStatus.PUBLISHED))
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="open_versions"))
        .order_by("date")
    )
    for d in dates:
        d.planned = [v for v in d.open_versions if v.state == State.PLANNED]
        d.ready = [v for v in d.open_versions if v.state == State.APPROVED]
        d.waiting = [v for v in d.open_versions if v.state not in (State.PLANNED, State.APPROVED)]
    return dates


def approved_without_date():
    return (
        RecommendationVersion.objects.filter(state=State.APPROVED, publishing_date__isnull=True)
        .select_related("recommendation")
        .order_by("recommendation__title")
    )


def work_for(user) -> list[RecommendationVersion]:
    """Versions waiting for the user's action (Mina uppdrag, the editor's start page): drafts of
    the groups they are members of, round ends for the groups they lead, approvals for the NPOs
    they chair, planning for support staff. Two queries (the roles are cached on the user)."""
    roles = roles_by_group(user)
    member_of = list(roles)
    leads = [g for g, r in roles.items() if r & set(LEADER_ROLES)]
    chairs = [g for g, r in roles.items() if Role.CHAIR in r]
    q = Q(state=State.DRAFT, recommendation__owning_group_id__in=member_of)
    q |= Q(state__in=[State.REVIEW_1, State.REVIEW_2], recommendation__owning_group_id__in=leads)
    q |= Q(
        state__in=[State.NPO_APPROVAL, State.NPO_APPROVAL_2, State.NPO_APPROVAL_3],
        recommendation__subject_area__steering_npo_id__in=chairs,
    )
    if is_support_staff(user):
        q |= Q(state__in=[State.APPROVED, State.PLANNED])
    return list(
        RecommendationVersion.objects.filter(q)
        .select_related("recommendation__subject_area", "publishing_date")
        .order_by("recommendation__title")
    )


def log_of(recommendation):
    return (
        TransitionRecord.objects.filter(recommendation=recommendation)
        .select_related("by", "version", "publishing_date")
        .order_by("-at", "-pk")
    )


def group_recommendations(group) -> list[Recommendation]:
    """Recommendations a group owns or, as steering NPO, steers: one query."""
    return list(
        Recommendation.objects.filter(Q(owning_group=group) | Q(subject_area__steering_npo=group))
        .exclude(status="sammanslagen")
        .select_related("subject_area", "current_version")
        .order_by("title")
    )


def groups_to_create_for(user):
    """The working groups the user may start a recommendation for (CREATE_RECOMMENDATION): every
    NAG for support staff, otherwise the NAGs the user chairs or process-leads."""
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import Group

    groups = Group.objects.filter(kind=GroupKind.NAG, closed_on__isnull=True).order_by("name")
    if is_support_staff(user):
        return groups
    led = [g for g, r in roles_by_group(user).items() if r & set(LEADER_ROLES)]
    return groups.filter(pk__in=led)
