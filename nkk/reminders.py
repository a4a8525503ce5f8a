"""NKK's deadlines in the reminder engine (notices).

- RevisionDeadline: a recommendation's revision deadline, reminded to the owning working group's
  chair and process leader 90, 30 and 7 days before, then once a week while it is overdue.
- PublishingDateOwners / PublishingDateReady: a coming publishing date, reminded to the owners of
  the versions aimed at it that are not yet approved, and to the support function with what is
  ready.
- CampaignDeadline: a revision campaign's deadline, reminded to the owners of recommendations in
  its scope that are not yet revised.

Recipients are asked again at sending time (from the rosters), and `current_deadlines` lets the
engine drop a reminder whose deadline has moved since it was decided (a recommendation confirmed
or revised, a version aimed at another date, a campaign's deadline changed). The services that
move a revision or campaign deadline withdraw the unsent reminders of the old date at once
(notices.services.reminders_withdraw_moved), so nobody sees the old date in the portal either.
Milestones carry the deadline's date, so the next revision deadline of the same recommendation
(or a campaign's moved deadline) is reminded again and not taken for the old one.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.notices import kinds
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import active_on, today

from .choices import OPEN_STATES, PublishingDateStatus, RecommendationStatus, State
from .models import Campaign, CampaignSubjectArea, PublishingDate, Recommendation, RecommendationVersion

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


def _lead_window(field: str, start: datetime.date, end: datetime.date, lead_days) -> Q:
    """`field` falls `lead` days after some day in [start, end], for any of the lead times."""
    window = Q(pk__in=[])
    for lead in lead_days:
        window |= Q(**{f"{field}__gte": start + lead * DAY, f"{field}__lte": end + lead * DAY})
    return window


def _lead_dues(obj, deadline: datetime.date, start, end, lead_days, milestone):
    for lead in lead_days:
        send_on = deadline - lead * DAY
        if start <= send_on <= end:
            yield kinds.Due(obj, milestone(deadline, lead), deadline, send_on)


class RevisionDeadline(kinds.DeadlineKind):
    """90, 30 and 7 days before the revision deadline, then weekly while it is overdue: on the
    deadline plus 7, 14, 21 … days, each week a milestone of its own (so it is decided once),
    until the recommendation is confirmed or revised (its revision deadline moves) or withdrawn.
    Only the weeks whose day falls in the planner's window are decided, so a recommendation
    overdue for years costs one row per week when its week comes, never a backlog at once."""

    name = "revision_senast"
    label = gettext_lazy("Rekommendation att revidera")
    default_lead_days = (90, 30, 7)
    date_field = "revision_deadline"
    group_field = "owning_group"
    recipient_roles = (Role.CHAIR, Role.PROCESS_LEADER)

    def queryset(self):
        return Recommendation.objects.filter(status=RecommendationStatus.ACTIVE)

    def due(self, start, end, lead_days):
        # One query: the lead-time windows, and everything overdue by a week or more by `end`.
        overdue = Q(revision_deadline__lte=end - WEEK)
        rows = self.queryset().filter(_lead_window("revision_deadline", start, end, lead_days) | overdue)
        for rec in rows.order_by("revision_deadline", "pk"):
            deadline = rec.revision_deadline
            yield from _lead_dues(rec, deadline, start, end, lead_days, lambda d, lead: f"{d:%Y-%m-%d}/{lead}")
            first_week = max(1, -((deadline - start).days // 7))  # ceil((start - deadline) / 7)
            week = first_week
            while (send_on := deadline + week * WEEK) <= end:
                if send_on >= start:
                    yield kinds.Due(rec, f"{deadline:%Y-%m-%d}/forsenad-{week}", deadline, send_on)
                week += 1

    def current_deadlines(self, objects):
        """{pk: the deadline in force now}; None once withdrawn or merged (nothing to remind)."""
        return {
            r.pk: (r.revision_deadline if r.status == RecommendationStatus.ACTIVE else None)
            for r in Recommendation.objects.filter(pk__in=[o.pk for o in objects]).only(
                "pk", "status", "revision_deadline"
            )
        }

    def title(self, obj, due):
        if "forsenad" in due.milestone:
            return _("%(title)s skulle ha reviderats senast %(date)s (försenad %(weeks)s veckor)") % {
                "title": obj.title,
                "date": due.deadline.isoformat(),
                "weeks": (due.send_on - due.deadline).days // 7,
            }
        return _("%(title)s ska revideras senast %(date)s") % {"title": obj.title, "date": due.deadline.isoformat()}


kinds.register(RevisionDeadline())


# -- Publishing dates ---------------------------------------------------------------------------

#: Versions aimed at a date that still need work or an approval before they can be planned.
NOT_YET_APPROVED = tuple(s for s in OPEN_STATES if s not in (State.APPROVED, State.PLANNED))
READY = (State.APPROVED, State.PLANNED)


class PublishingDateOwners:
    """A version aimed at a coming publishing date and not yet approved: its owners (the chair and
    process leader of the recommendation's owning group) are told 14 and 3 days before. Asked
    again at sending time: a version approved, or aimed at another date, in the meantime stops it."""

    name = "publicering_ej_godkand"
    label = gettext_lazy("Inte godkänt inför publiceringstillfälle")
    default_lead_days = (14, 3)
    allow_off = True
    recipient_roles = (Role.CHAIR, Role.PROCESS_LEADER)

    def due(self, start, end, lead_days):
        rows = RecommendationVersion.objects.filter(
            _lead_window("publishing_date__date", start, end, lead_days),
            state__in=NOT_YET_APPROVED,
            publishing_date__status=PublishingDateStatus.OPEN,
            recommendation__status=RecommendationStatus.ACTIVE,
        ).select_related("recommendation", "publishing_date")
        for version in rows.order_by("publishing_date__date", "pk"):
            date = version.publishing_date.date
            yield from _lead_dues(version, date, start, end, lead_days, lambda d, lead: f"{d:%Y-%m-%d}/{lead}")

    def _now(self, objects):
        return {
            v["pk"]: v
            for v in RecommendationVersion.objects.filter(pk__in=[o.pk for o in objects]).values(
                "pk", "state", "publishing_date__date", "publishing_date__status", "recommendation__owning_group_id"
            )
        }

    def recipients(self, objects):
        now = self._now(objects)
        waiting = {
            pk: v["recommendation__owning_group_id"]
            for pk, v in now.items()
            if v["state"] in NOT_YET_APPROVED and v["publishing_date__status"] == PublishingDateStatus.OPEN
        }
        roster = kinds.group_roster(set(waiting.values()), self.recipient_roles, today())
        return {o.pk: roster.get(waiting[o.pk], set()) if o.pk in waiting else set() for o in objects}

    def current_deadlines(self, objects):
        return {pk: v["publishing_date__date"] for pk, v in self._now(objects).items()}

    def title(self, obj, due):
        return _("%(title)s är inte godkänd för publiceringstillfället %(date)s (%(state)s)") % {
            "title": obj.title,
            "date": due.deadline.isoformat(),
            "state": obj.get_state_display().lower(),
        }

    def url(self, obj):
        return reverse("nkk:work", kwargs={"slug": obj.recommendation.slug})


kinds.register(PublishingDateOwners())


def support_staff(on: datetime.date) -> set[int]:
    """The people with a current mandate in the support function (one query)."""
    return set(
        Membership.objects.filter(active_on(on), group__kind=GroupKind.SUPPORT_FUNCTION).values_list(
            "person_id", flat=True
        )
    )


class PublishingDateReady:
    """A coming publishing date, 14 and 3 days before: the support function is told how many
    versions are ready (approved or planned) and how many still wait, with a link to the
    publishing calendar. The support function is read from the roster at sending time."""

    name = "publicering_klart"
    label = gettext_lazy("Publiceringstillfälle: vad som är klart")
    default_lead_days = (14, 3)
    allow_off = True

    def due(self, start, end, lead_days):
        rows = PublishingDate.objects.filter(
            _lead_window("date", start, end, lead_days), status=PublishingDateStatus.OPEN
        ).annotate(
            ready_count=Count("versions", filter=Q(versions__state__in=READY)),
            waiting_count=Count("versions", filter=Q(versions__state__in=NOT_YET_APPROVED)),
        )
        for date in rows.order_by("date"):
            yield from _lead_dues(date, date.date, start, end, lead_days, lambda d, lead: str(lead))

    def recipients(self, objects):
        still_open = set(
            PublishingDate.objects.filter(pk__in=[o.pk for o in objects], status=PublishingDateStatus.OPEN).values_list(
                "pk", flat=True
            )
        )
        staff = support_staff(today()) if still_open else set()
        return {o.pk: (staff if o.pk in still_open else set()) for o in objects}

    def current_deadlines(self, objects):
        return dict(PublishingDate.objects.filter(pk__in=[o.pk for o in objects]).values_list("pk", "date"))

    def title(self, obj, due):
        return _(
            "Publiceringstillfället %(date)s: %(ready)s godkända eller planerade, %(waiting)s inte godkända ännu"
        ) % {
            "date": due.deadline.isoformat(),
            "ready": getattr(obj, "ready_count", 0),
            "waiting": getattr(obj, "waiting_count", 0),
        }

    def url(self, obj):
        return reverse("nkk:calendar")


kinds.register(PublishingDateReady())


# Revision campaigns ---------------------------------------------------------------------------


class CampaignDeadline:
    """A revision campaign's deadline: one reminder per campaign and lead time to each chair and
    process leader of a group owning a recommendation in scope that is not yet revised. The
    recipients are asked again at sending time, so a group that has revised everything (or
    confirmed it unchanged) meanwhile is not reminded. Three queries for any number of
    campaigns and recommendations."""

    name = "kampanj_senast"
    label = gettext_lazy("Revideringskampanj att bli klar med")
    default_lead_days = (30, 7)
    allow_off = True
    recipient_roles = (Role.CHAIR, Role.PROCESS_LEADER)

    def due(self, start, end, lead_days):
        for lead in lead_days:
            delta = datetime.timedelta(days=lead)
            for campaign in Campaign.objects.filter(deadline__gte=start + delta, deadline__lte=end + delta):
                # The milestone carries the date: a moved deadline is reminded anew, not taken for the old.
                milestone = f"{campaign.deadline:%Y-%m-%d}/{lead}"
                yield kinds.Due(campaign, milestone, campaign.deadline, campaign.deadline - delta)

    def current_deadlines(self, objects):
        """{pk: the deadline now}: a reminder decided for a date the campaign no longer has is not sent."""
        return dict(Campaign.objects.filter(pk__in=[o.pk for o in objects]).values_list("pk", "deadline"))

    def groups_to_remind(self, campaigns) -> dict[int, set[int]]:
        """{campaign pk: ids of the groups owning an in-scope recommendation not yet revised}."""
        campaigns = list(campaigns)
        if not campaigns:
            return {}
        areas: dict[int, set[int]] = {}
        for campaign_id, area_id in CampaignSubjectArea.objects.filter(
            campaign_id__in=[c.pk for c in campaigns]
        ).values_list("campaign_id", "subject_area_id"):
            areas.setdefault(campaign_id, set()).add(area_id)
        # What was revised since the latest start is revised for every campaign asked about.
        latest = max(c.starts_on for c in campaigns)
        rows = (
            Recommendation.objects.public()
            .exclude(Q(last_published_on__gte=latest) | Q(last_reviewed_on__gte=latest))
            .values_list(
                "subject_area_id", "target_populations", "owning_group_id", "last_published_on", "last_reviewed_on"
            )
        )
        result: dict[int, set[int]] = {c.pk: set() for c in campaigns}
        for area_id, populations, group_id, published_on, reviewed_on in rows:
            for campaign in campaigns:
                if campaign.covers(area_id, populations, areas.get(campaign.pk, set())) and not campaign.is_revised(
                    published_on, reviewed_on
                ):
                    result[campaign.pk].add(group_id)
        return result

    def recipients(self, objects):
        from kunskapsstyrning.organisation.models.periods import today

        groups = self.groups_to_remind(objects)
        roster = kinds.group_roster({g for ids in groups.values() for g in ids}, self.recipient_roles, today())
        return {pk: set().union(*(roster.get(g, set()) for g in ids)) for pk, ids in groups.items()}

    def title(self, obj, due):
        return _("Revideringskampanjen %(name)s: revidera eller granska era kunskapsstöd senast %(date)s") % {
            "name": obj.name,
            "date": due.deadline.isoformat(),
        }

    def url(self, obj) -> str:
        return obj.get_absolute_url()


kinds.register(CampaignDeadline())
