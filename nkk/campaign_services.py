"""Writes of revision campaigns: set up and changed by support staff (nkk.manage_campaigns), the
same path from the campaign pages and the admin. Every change is kept by the audit triggers
(Campaign and CampaignSubjectArea are `audited()`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsstyrning.notices.services import reminders_withdraw_moved
from kunskapsstyrning.organisation.services import acting_user, require_perm

from .choices import TargetPopulation
from .models import Campaign, CampaignSubjectArea, SubjectArea
from .permissions import MANAGE_CAMPAIGNS


def _check(campaign: Campaign) -> None:
    errors = {}
    if not campaign.name.strip():
        errors["name"] = _("Ge kampanjen ett namn.")
    if campaign.starts_on and campaign.deadline and campaign.deadline <= campaign.starts_on:
        errors["deadline"] = _("Sista dagen för revidering ska komma efter kampanjens start.")
    unknown = set(campaign.target_populations) - set(TargetPopulation.values)
    if unknown:
        errors["target_populations"] = _("Okänd målgrupp: %(names)s.") % {"names": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)


def _store(campaign: Campaign, name, starts_on, deadline, description, subject_areas, target_populations) -> Campaign:
    """Set what the campaign form holds (the arguments of campaign_create and campaign_update),
    check it and save it with its ämnesområden."""
    campaign.name = name.strip()
    campaign.description = description.strip()
    campaign.starts_on = starts_on
    campaign.deadline = deadline
    campaign.target_populations = sorted(set(target_populations))
    _check(campaign)
    campaign.full_clean()
    campaign.save()
    _set_areas(campaign, subject_areas or [])
    return campaign


def _set_areas(campaign: Campaign, subject_areas) -> None:
    wanted = {area.pk for area in subject_areas}
    current = set(campaign.area_links.values_list("subject_area_id", flat=True))
    campaign.area_links.filter(subject_area_id__in=current - wanted).delete()
    CampaignSubjectArea.objects.bulk_create(
        CampaignSubjectArea(campaign=campaign, subject_area_id=pk) for pk in sorted(wanted - current)
    )


@transaction.atomic
def campaign_create(
    *,
    name: str,
    starts_on: datetime.date,
    deadline: datetime.date,
    description: str = "",
    subject_areas: list[SubjectArea] | None = None,
    target_populations=(),
    by=None,
) -> Campaign:
    """A new revision campaign; without ämnesområden or target populations it covers every active
    recommendation."""
    require_perm(by, MANAGE_CAMPAIGNS)
    return _store(
        Campaign(created_by=acting_user(by)), name, starts_on, deadline, description, subject_areas, target_populations
    )


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    name: str,
    starts_on: datetime.date,
    deadline: datetime.date,
    description: str = "",
    subject_areas: list[SubjectArea] | None = None,
    target_populations=(),
    by=None,
) -> Campaign:
    """Change a campaign: its dates, its text and its scope (the progress follows at once)."""
    require_perm(by, MANAGE_CAMPAIGNS)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    moved = campaign.deadline != deadline
    _store(campaign, name, starts_on, deadline, description, subject_areas, target_populations)
    if moved:  # the reminders decided for the old date are not sent or shown (nkk/reminders.py)
        reminders_withdraw_moved(kind="kampanj_senast", objects=[campaign])
    return campaign
