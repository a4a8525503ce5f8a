"""Revision campaigns: scope, progress by sjukvårdsregion and ämnesområde (counted again here from
the rows the test made), confirm-unchanged counting as revised, overdue across the deadline on
the frozen clock, who may create and see, query counts, and the campaign reminder's recipients."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from kunskapsstyrning.notices import kinds
from kunskapsstyrning.notices import services as notices
from kunskapsstyrning.notices.models import Notice
from kunskapsstyrning.organisation import aggregates
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion
from nkk import campaign_selectors as selectors
from nkk import campaign_services, services
from nkk.choices import RecommendationStatus
from nkk.models import Campaign, Recommendation, SubjectArea, TransitionRecord
from nkk.permissions import MANAGE_CAMPAIGNS
from tests.clock import NOW, TODAY, frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory

from .conftest import START, make_recommendation, publish_now

pytestmark = [pytest.mark.django_db, frozen]

DAY = datetime.timedelta(days=1)
CAMPAIGN_START = TODAY - 30 * DAY
BEFORE = CAMPAIGN_START - DAY


@pytest.fixture
def west(db):
    """A second ämnesområde, in another sjukvårdsregion (Västra) under another NPO."""
    return SubjectArea.objects.create(
        name="Rygg och leder",
        slug="rygg-och-leder",
        healthcare_region=HealthcareRegion.objects.get(slug="vastra"),
        steering_npo=Group.objects.get(slug="npo-rorelseorganens-sjukdomar"),
    )


@pytest.fixture
def other_group(db):
    return Group.objects.get(slug="nag-kunskapsstod-rorelseorganens-sjukdomar")


def published(area, group, title, *, published_on=BEFORE, reviewed_on=None, populations=("vuxna",), **fields):
    """A recommendation as if published on `published_on` (cheap: the draft stands in for the
    published version; scope and progress read only the recommendation's own columns)."""
    rec = make_recommendation(area, group, title=title, target_populations=populations)
    Recommendation.objects.filter(pk=rec.pk).update(
        current_version=rec.versions.get(), last_published_on=published_on, last_reviewed_on=reviewed_on, **fields
    )
    rec.refresh_from_db()
    return rec


def new_campaign(**kwargs) -> Campaign:
    values = {"name": "Exempelkampanj", "starts_on": CAMPAIGN_START, "deadline": TODAY + 60 * DAY, **kwargs}
    return campaign_services.campaign_create(**values)


def expected(specs, *, areas=None, populations=None):
    """The figures counted the plain way from the test's own description of each row."""
    rows = [
        s
        for s in specs
        if s["active"]
        and (areas is None or s["area"] in areas)
        and (populations is None or set(populations) & set(s["populations"]))
    ]
    revised = [s for s in rows if s["revised"]]
    by_area = {}
    by_region = {}
    for s in rows:
        for key, table in ((s["area"], by_area), (s["region"], by_region)):
            total, done = table.get(key, (0, 0))
            table[key] = (total + 1, done + int(s["revised"]))
    return len(rows), len(revised), by_area, by_region


def mixed(area, west, nag, other_group):
    """Recommendations of every kind the count must tell apart, with their expected answers."""
    specs = []

    def add(where, group, title, *, revised, active=True, **kwargs):
        rec = published(where, group, title, **kwargs)
        specs.append(
            {
                "area": where.name,
                "region": where.healthcare_region.name,
                "populations": rec.target_populations,
                "revised": revised,
                "active": active,
            }
        )
        return rec

    add(area, nag, "Publicerad efter start", published_on=CAMPAIGN_START, revised=True)
    add(area, nag, "Granskad efter start", reviewed_on=TODAY, revised=True)
    add(area, nag, "Granskad före start", reviewed_on=BEFORE, revised=False)
    add(area, nag, "Gammal", revised=False, populations=("barn",))
    add(area, nag, "Återkallad", revised=False, active=False, status=RecommendationStatus.WITHDRAWN)
    add(west, other_group, "Väst gammal", revised=False, populations=("barn", "vuxna"))
    add(west, other_group, "Väst publicerad", published_on=TODAY, revised=True, populations=("aldre",))
    make_recommendation(area, nag, title="Bara ett utkast")  # never published: not in any campaign
    return specs


def test_progress_by_region_and_area_matches_an_independent_count(area, west, nag, other_group):
    specs = mixed(area, west, nag, other_group)
    for kwargs, narrowing in (
        ({}, {}),
        ({"name": "Bara väst", "subject_areas": [west]}, {"areas": {west.name}}),
        ({"name": "Bara barn", "target_populations": ["barn"]}, {"populations": ["barn"]}),
        (
            {"name": "Sydöstra barn", "subject_areas": [area], "target_populations": ["barn", "aldre"]},
            {"areas": {area.name}, "populations": ["barn", "aldre"]},
        ),
    ):
        campaign = selectors.campaign_with_scope(new_campaign(**kwargs).pk)
        progress = selectors.campaign_progress(campaign)
        total, revised, by_area, by_region = expected(specs, **narrowing)
        assert (progress.overall.total, progress.overall.revised) == (total, revised), kwargs
        assert progress.overall.remaining == total - revised
        assert progress.overall.overdue == 0  # the deadline is two months away
        assert {r.label: (r.total, r.revised) for r in progress.by_area} == by_area
        assert {r.label: (r.total, r.revised) for r in progress.by_region} == by_region
        listed = selectors.campaigns_with_counts().get(pk=campaign.pk)
        assert (listed.scope_total, listed.scope_revised, listed.scope_remaining) == (total, revised, total - revised)


def test_a_real_publication_and_a_confirm_unchanged_both_count_as_revised(area, nag, cast, publishing_date):
    campaign = new_campaign(starts_on=TODAY)
    fresh = make_recommendation(area, nag, title="Publiceras under kampanjen")
    old = published(area, nag, "Granskas utan ändring", published_on=TODAY - 400 * DAY)
    untouched = published(area, nag, "Rörs inte", published_on=TODAY - 400 * DAY)
    assert selectors.campaign_progress(campaign).overall.total == 2  # the draft is not in scope yet

    publish_now(fresh.versions.get(), cast, publishing_date)
    progress = selectors.campaign_progress(campaign)
    assert (progress.overall.total, progress.overall.revised) == (3, 1)

    services.recommendation_confirm_unchanged(recommendation=old, by=cast.owner_leader)
    assert TransitionRecord.objects.filter(recommendation=old, action="granskad_utan_andring").exists()
    progress = selectors.campaign_progress(campaign)
    assert (progress.overall.total, progress.overall.revised, progress.overall.remaining) == (3, 2, 1)
    assert [r.title for r in selectors.remaining_for(cast.owner_member, campaign)] == [untouched.title]


def test_what_remains_is_overdue_only_after_the_deadline(client, area, nag):
    published(area, nag, "Kvar")
    published(area, nag, "Klar", published_on=TODAY)
    campaign = new_campaign(deadline=TODAY + DAY)
    url = campaign.get_absolute_url()
    for days, overdue in ((0, 0), (1, 0), (2, 1), (40, 1)):
        with time_machine.travel(NOW + days * DAY, tick=False):
            progress = selectors.campaign_progress(selectors.campaign_with_scope(campaign.pk))
            assert (progress.overall.remaining, progress.overall.overdue) == (1, overdue), days
            assert [r.overdue for r in progress.by_region] == [overdue]
            body = client.get(url).content.decode()
            assert ("Sista dagen har passerat" in body) == bool(overdue)
            assert f'<td class="overdue">{overdue}</td>' in body


def test_only_support_staff_create_and_change_campaigns(client, cast, area):
    for who, user in cast.by_role().items():
        allowed = who == "stödfunktionen"
        assert user.has_perm(MANAGE_CAMPAIGNS) is allowed, who
        if not user.is_authenticated:
            continue
        if allowed:
            campaign = new_campaign(by=user, subject_areas=[area])
            campaign_services.campaign_update(
                campaign=campaign, by=user, name="Nytt namn", starts_on=TODAY, deadline=TODAY + DAY
            )
        else:
            with pytest.raises(ValidationError, match="behörighet"):
                new_campaign(by=user, name=f"Försök {who}")
    campaign = Campaign.objects.get()
    assert campaign.name == "Nytt namn" and campaign.created_by == cast.support
    assert list(campaign.subject_areas.all()) == []  # the update left no ämnesområde chosen
    history = apps.get_model("nkk", "CampaignEvent").objects.filter(pgh_obj=campaign).order_by("pgh_id")
    assert [e.name for e in history] == ["Exempelkampanj", "Nytt namn"]
    links = apps.get_model("nkk", "CampaignSubjectAreaEvent").objects.filter(campaign_id=campaign.pk)
    assert sorted(e.pgh_label for e in links) == ["delete", "insert"]


def test_bad_dates_are_refused_in_swedish_and_nothing_is_written(cast):
    with pytest.raises(ValidationError) as error:
        new_campaign(by=cast.support, deadline=CAMPAIGN_START)
    assert error.value.message_dict["deadline"] == ["Sista dagen för revidering ska komma efter kampanjens start."]
    assert not Campaign.objects.exists()


def test_the_pages_are_for_support_staff_and_the_progress_page_is_public(client, cast, area):
    campaign = new_campaign()
    staff_urls = [
        reverse("nkk:campaigns"),
        reverse("nkk:campaign_create"),
        reverse("nkk:campaign_edit", args=[campaign.pk]),
    ]
    for url in staff_urls:
        assert client.get(url).status_code == 302  # to the login page
    assert client.get(campaign.get_absolute_url()).status_code == 200
    for user in (cast.owner_leader, cast.npo_chair, cast.outsider):
        client.force_login(user)
        for url in staff_urls:
            assert client.get(url).status_code == 403
        assert client.post(reverse("nkk:campaign_create"), {"name": "X"}).status_code == 403
        assert "Ändra kampanjen" not in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(cast.support)
    assert "Revideringskampanjer" in client.get(reverse("nkk:work_list")).content.decode()
    for url in staff_urls:
        assert client.get(url).status_code == 200
    response = client.post(
        reverse("nkk:campaign_create"),
        {
            "name": "Ny via sidan",
            "starts_on": TODAY.isoformat(),
            "deadline": (TODAY + 90 * DAY).isoformat(),
            "subject_areas": [area.pk],
            "target_populations": ["barn"],
        },
    )
    created = Campaign.objects.get(name="Ny via sidan")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert list(created.subject_areas.all()) == [area] and created.target_populations == ["barn"]
    response = client.post(
        reverse("nkk:campaign_edit", args=[created.pk]),
        {"name": "Ny via sidan", "starts_on": TODAY.isoformat(), "deadline": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "Sista dagen för revidering ska komma efter kampanjens start." in response.content.decode()
    created.refresh_from_db()
    assert created.deadline == TODAY + 90 * DAY


def test_the_progress_page_has_an_accessible_chart_and_a_table_with_the_same_figures(
    client, area, west, nag, other_group
):
    mixed(area, west, nag, other_group)
    campaign = new_campaign()
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert "6 kunskapsstöd, 3 kvar att revidera" in body
    assert body.count('role="img"') == 2
    assert '<title id="diagram-region-titel">' in body and '<desc id="diagram-region-beskrivning">' in body
    # The numbers beside each bar are the table's: Sydöstra 2 of 4 revised, Västra 1 of 2.
    assert "2 av 4 reviderade, 2 kvar" in body and "1 av 2 reviderade, 1 kvar" in body
    assert '<td class="total">4</td><td class="revised">2 <span class="muted">(50 %)</span></td>' in body


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_progress_page_runs_a_constant_number_of_queries(
    client, cast, area, west, nag, other_group, logged_in, django_assert_num_queries
):
    campaign = new_campaign()
    if logged_in:
        client.force_login(cast.owner_member)
    url = campaign.get_absolute_url()
    counts = []
    for n in (2, 20):
        for i in range(n - Recommendation.objects.count()):
            published(area if i % 2 else west, nag if i % 2 else other_group, f"Mätt {i}", published_on=BEFORE)
        aggregates.recompute(selectors.PROGRESS)  # what the worker does after the writes
        # Anonymous: the campaign, its ämnesområden, the stored aggregate. Logged in also: session, user,
        # the model-permission backend (two), the roster (person, memberships), the user's remaining
        # recommendations, the support check and the header's notice count.
        with django_assert_num_queries(12 if logged_in else 3) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert f"{n} kunskapsstöd, {n} kvar att revidera" in response.content.decode()
        assert "Beräknad <time datetime=" in response.content.decode()
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_campaign_list_runs_a_constant_number_of_queries(client, cast, area, nag, django_assert_num_queries):
    client.force_login(cast.support)
    for n in (2, 20):
        for i in range(Campaign.objects.count(), n):
            published(area, nag, f"Mätt {i}", published_on=TODAY if i % 2 else BEFORE)
            new_campaign(name=f"Kampanj {i}", subject_areas=[area] if i % 3 else [])
        # session and user, the model-permission backend (two), the support check (person,
        # membership), the campaigns with their counts, the header's notice count
        with django_assert_num_queries(8):
            response = client.get(reverse("nkk:campaigns"))
        assert response.status_code == 200
        assert response.content.decode().count('<td class="total">') == n


def _leader(group, role, name):
    user = UserFactory(username=name)
    MembershipFactory(person=PersonFactory(user=user), group=group, role=role, start_date=START)
    return user.person


def test_the_reminder_goes_to_leaders_of_groups_with_something_left(area, west, nag, other_group, cast):
    chair = _leader(nag, Role.CHAIR, "nag-ordforande")
    west_leader = _leader(other_group, Role.PROCESS_LEADER, "vast-processledare")
    left = published(area, nag, "Kvar i sydöstra")
    published(west, other_group, "Klar i väst", published_on=TODAY)
    campaign = new_campaign(deadline=TODAY + 30 * DAY)
    new_campaign(name="Bara väst", deadline=TODAY + 30 * DAY, subject_areas=[west])
    new_campaign(name="Senare", deadline=TODAY + 200 * DAY)

    kind = kinds.get("kampanj_senast")
    assert kind.recipients([campaign]) == {campaign.pk: {chair.pk, cast.owner_leader.person.pk}}
    assert west_leader.pk not in kind.recipients([campaign])[campaign.pk]

    notices.plan()
    notices.plan()
    reminded = Notice.objects.filter(kind="kampanj_senast")
    milestone = f"{TODAY + 30 * DAY:%Y-%m-%d}/30"  # the deadline's date: a moved deadline is a new reminder
    assert {(n.object_id, n.person_id, n.milestone) for n in reminded} == {
        (campaign.pk, chair.pk, milestone),
        (campaign.pk, cast.owner_leader.person.pk, milestone),
    }
    notice = reminded.first()
    assert notice.url == campaign.get_absolute_url()
    assert "Exempelkampanj" in notice.title and (TODAY + 30 * DAY).isoformat() in notice.title

    # Confirmed unchanged before the reminder goes out: nobody is left to remind at sending time.
    services.recommendation_confirm_unchanged(recommendation=left, by=cast.owner_leader)
    assert kind.recipients([campaign]) == {campaign.pk: set()}


def test_a_moved_deadline_withdraws_the_unsent_reminder_and_the_next_one_says_the_new_date(
    client, area, nag, cast, mailoutbox
):
    """Decided at night for the 30-day mark, the deadline moved a week in the morning: the person
    neither gets nor sees the old date; a week later the reminder comes with the new one."""
    published(area, nag, "Kvar att revidera")
    old, new = TODAY + 30 * DAY, TODAY + 37 * DAY
    campaign = new_campaign(deadline=old)
    notices.plan()
    leader = cast.owner_leader.person
    assert old.isoformat() in Notice.objects.get(kind="kampanj_senast", person=leader).title

    campaign_services.campaign_update(
        campaign=campaign, name=campaign.name, starts_on=campaign.starts_on, deadline=new, by=cast.support
    )
    notices.send_due()
    client.force_login(cast.owner_leader)
    for page in (reverse("notices:list"), reverse("notices:my_page")):
        body = client.get(page).content.decode()
        assert "Revideringskampanjen Exempelkampanj" not in body and f"senast {old.isoformat()}" not in body
    assert not [m for m in mailoutbox if "Revideringskampanjen" in m.subject]

    with time_machine.travel(NOW + 7 * DAY, tick=False):
        assert notices.plan() == 1
        notices.send_due()
    (notice,) = Notice.objects.filter(kind="kampanj_senast", person=leader)
    assert notice.milestone == f"{new:%Y-%m-%d}/30" and new.isoformat() in notice.title
    assert [m.subject for m in mailoutbox if "Revideringskampanjen" in m.subject] == [notice.title]
    body = client.get(reverse("notices:list")).content.decode()
    assert f"senast {new.isoformat()}" in body and f"senast {old.isoformat()}" not in body


def test_a_deadline_moved_past_the_services_stops_the_old_reminder_at_sending_time(area, nag, cast, mailoutbox):
    """The engine's own check (current_deadlines): whatever moved the date, the e-mail about the
    old one is not sent."""
    published(area, nag, "Kvar att revidera")
    campaign = new_campaign(deadline=TODAY + 30 * DAY)
    notices.plan()
    Campaign.objects.filter(pk=campaign.pk).update(deadline=TODAY + 40 * DAY)
    assert notices.send_due().get("stoppad") == 1
    assert not [m for m in mailoutbox if "Revideringskampanjen" in m.subject]


def test_the_reminders_recipients_take_a_fixed_number_of_queries(
    area, nag, other_group, west, django_assert_num_queries
):
    campaigns = [new_campaign(name=f"K{i}", starts_on=CAMPAIGN_START + i * DAY) for i in range(3)]
    kind = kinds.get("kampanj_senast")
    for n in (2, 20):
        for i in range(Recommendation.objects.count(), n):
            published(area if i % 2 else west, nag if i % 2 else other_group, f"R {i}")
        with django_assert_num_queries(3):
            kind.recipients(campaigns)


def test_support_staff_keep_campaigns_in_the_admin_through_the_services(client, cast, area):
    cast.support.is_staff = True
    cast.support.save()
    client.force_login(cast.support)
    assert client.get(reverse("admin:nkk_campaign_changelist")).status_code == 200
    response = client.post(
        reverse("admin:nkk_campaign_add"),
        {
            "name": "Från admin",
            "description": "",
            "starts_on": TODAY.isoformat(),
            "deadline": (TODAY + 10 * DAY).isoformat(),
            "subject_area_choice": [area.pk],
            "target_populations": ["vuxna"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(name="Från admin")
    assert campaign.created_by == cast.support
    assert list(campaign.subject_areas.all()) == [area]
    response = client.post(
        reverse("admin:nkk_campaign_change", args=[campaign.pk]),
        {"name": "Från admin", "starts_on": TODAY.isoformat(), "deadline": TODAY.isoformat()},
    )
    assert response.status_code == 200  # the form again, with the error
    campaign.refresh_from_db()
    assert campaign.deadline == TODAY + 10 * DAY
    cast.owner_leader.is_staff = True
    cast.owner_leader.save()
    client.force_login(cast.owner_leader)
    assert client.get(reverse("admin:nkk_campaign_changelist")).status_code == 403


def test_the_demo_campaign_is_marked_and_counts_the_demo_recommendations():
    from nkk.demo import DEMO_CAMPAIGN, load_demo_campaign, load_demo_recommendations

    load_demo_recommendations()
    load_demo_campaign()
    load_demo_campaign()
    campaign = selectors.campaign_with_scope(Campaign.objects.get(name=DEMO_CAMPAIGN).pk)
    assert campaign.name.startswith("Demo:") and campaign.description.startswith("Demo:")
    progress = selectors.campaign_progress(campaign)
    public = Recommendation.objects.public()
    assert progress.overall.total == public.count()
    revised = public.filter(last_published_on__gte=campaign.starts_on).count()
    assert 0 < progress.overall.revised == revised < progress.overall.total
    assert progress.overall.overdue == progress.overall.remaining  # the demo's deadline has passed
