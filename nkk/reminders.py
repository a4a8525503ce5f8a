"""NKK's deadline in the reminder engine (notices): a recommendation's revision deadline,
reminded to the owning working group's chair and process leader, asked again at sending time."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.notices import kinds
from kunskapsstyrning.organisation.choices import Role

from .choices import RecommendationStatus
from .models import Recommendation


class RevisionDeadline(kinds.DeadlineKind):
    name = "revision_senast"
    label = gettext_lazy("Rekommendation att revidera")
    default_lead_days = (90, 30, 7)
    date_field = "revision_deadline"
    group_field = "owning_group"
    recipient_roles = (Role.CHAIR, Role.PROCESS_LEADER)

    def queryset(self):
        return Recommendation.objects.filter(status=RecommendationStatus.ACTIVE)

    def title(self, obj, due):
        return _("%(title)s ska revideras senast %(date)s") % {"title": obj.title, "date": due.deadline.isoformat()}


kinds.register(RevisionDeadline())


# Revision campaigns ---------------------------------------------------------------------------

import datetime  # noqa: E402

from django.db.models import Q  # noqa: E402

from .models import Campaign, CampaignSubjectArea  # noqa: E402


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
                yield kinds.Due(campaign, str(lead), campaign.deadline, campaign.deadline - delta)

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
