"""Regionala tillägg: who writes a region's text (per region, allowed and forbidden), the service
(created, changed, removed, refused with nothing written), the history, the public page per
region with its query count, the edit page and the admin."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

from kunskapsstyrning.organisation.choices import GroupKind, RelationKind, Role
from kunskapsstyrning.organisation.models import Group, GroupRelation, Region
from nkk import services
from nkk.choices import SectionKind
from nkk.models import RegionalSupplement
from nkk.models.supplements import MAX_SUPPLEMENT_LENGTH
from nkk.permissions import EDIT_SUPPLEMENTS
from nkk.supplement_services import supplements_save, supplements_token
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory

from .conftest import START, make_recommendation, publish_now

pytestmark = pytest.mark.django_db

XSS = (
    "Före <script>alert('x')</script> efter. <img src=x onerror=alert(1)> "
    '[klicka](javascript:alert(1)) <a href="javascript:alert(2)">länk</a>'
)


def _leader(group, role=Role.PROCESS_LEADER, username=None):
    user = UserFactory(username=username or f"{group.slug[:20]}-{role}")
    MembershipFactory(person=PersonFactory(user=user), group=group, role=role, start_date=START)
    return user


@pytest.fixture
def vasterbotten(db):
    return Region.objects.get(name="Västerbotten")


@pytest.fixture
def skane(db):
    return Region.objects.get(name="Skåne")


@pytest.fixture
def lpo(vasterbotten, npo):
    """The real structure: Västerbotten's LPO Barn- och ungdomars hälsa covers the steering NPO."""
    lpo = Group.objects.get(kind=GroupKind.LPO, region=vasterbotten, name="LPO Barn- och ungdomars hälsa")
    assert GroupRelation.objects.filter(from_group=lpo, to_group=npo, kind=RelationKind.COVERS).exists()
    return lpo


@pytest.fixture
def published(area, nag, cast, publishing_date):
    rec = make_recommendation(area, nag, icd10_codes=["K59.0"])
    publish_now(rec.versions.get(), cast, publishing_date)
    rec.refresh_from_db()
    return rec


@pytest.fixture
def people(lpo, vasterbotten, skane, npo, cast):
    """Everyone whose answer the rule gives, by what they are."""
    lag = GroupFactory(kind=GroupKind.LAG, name="LAG Barnmage Västerbotten", region=vasterbotten)
    GroupRelation.objects.create(from_group=lag, to_group=lpo, kind=RelationKind.APPOINTED_BY, start_date=START)
    serving = GroupFactory(kind=GroupKind.LAG, name="LAG Barn Skåne", region=skane)
    GroupRelation.objects.create(from_group=serving, to_group=npo, kind=RelationKind.SERVES, start_date=START)
    other_lpo = Group.objects.get(kind=GroupKind.LPO, region=vasterbotten, name="LPO Tandvård")
    ended = _leader(lpo, Role.CHAIR, "avgangen-ordforande")
    ended.person.memberships.update(end_date=datetime.date(2021, 12, 31))
    return {
        "lpo_processledare": _leader(lpo, Role.PROCESS_LEADER, "lpo-processledare"),
        "lpo_ordforande_avgangen": ended,
        "lpo_ledamot": _leader(lpo, Role.MEMBER, "lpo-ledamot"),
        "lag_ordforande": _leader(lag, Role.CHAIR, "lag-ordforande"),
        "skane_lag_processledare": _leader(serving, Role.PROCESS_LEADER, "skane-lag"),
        "tandvard_lpo_ordforande": _leader(other_lpo, Role.CHAIR, "tandvard-lpo"),
        "nationell_arbetsgrupp": cast.owner_leader,
        "npo_ordforande": cast.npo_chair,
        "stodfunktionen": cast.support,
        "utomstaende": cast.outsider,
        "anonym": AnonymousUser(),
    }


#: Who writes which region's text to the NPO's recommendation.
EXPECTED = {
    "lpo_processledare": {"Västerbotten"},
    "lpo_ordforande_avgangen": set(),
    "lpo_ledamot": set(),
    "lag_ordforande": {"Västerbotten"},
    "skane_lag_processledare": {"Skåne"},
    "tandvard_lpo_ordforande": set(),
    "nationell_arbetsgrupp": set(),
    "npo_ordforande": set(),
    "stodfunktionen": {"Västerbotten", "Skåne", "Gotland"},
    "utomstaende": set(),
    "anonym": set(),
}


def test_the_rule_per_region(published, people, vasterbotten, skane):
    gotland = Region.objects.get(name="Gotland")
    for who, user in people.items():
        allowed = {
            region.name
            for region in (vasterbotten, skane, gotland)
            if user.has_perm(EDIT_SUPPLEMENTS, RegionalSupplement(recommendation=published, region=region))
        }
        assert allowed == EXPECTED[who], who


def test_the_rule_follows_the_steering_npo(published, people, vasterbotten, area, nag, npo):
    """The LPO covers the barn NPO only: a recommendation steered by another NPO is not its to write."""
    other_npo = Group.objects.get(slug="npo-tandvard")
    area.steering_npo = other_npo
    area.save()
    published.refresh_from_db()
    probe = RegionalSupplement(recommendation=published, region=vasterbotten)
    assert not people["lpo_processledare"].has_perm(EDIT_SUPPLEMENTS, probe)
    assert people["tandvard_lpo_ordforande"].has_perm(EDIT_SUPPLEMENTS, probe)


def test_save_creates_changes_and_removes_with_history(published, people, vasterbotten):
    leader = people["lpo_processledare"]
    changes = supplements_save(
        recommendation=published,
        region=vasterbotten,
        texts={SectionKind.CARE_LEVEL: "Remiss till **Exempelmottagningen**.", SectionKind.TREATMENT: ""},
        by=leader,
    )
    assert changes.created == [SectionKind.CARE_LEVEL] and not changes.changed and not changes.removed
    supplement = RegionalSupplement.objects.get()
    assert supplement.body_html == "<p>Remiss till <strong>Exempelmottagningen</strong>.</p>\n"
    assert supplement.updated_by == leader and supplement.version_number == 1

    changes = supplements_save(
        recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: "Ändrad text."}, by=leader
    )
    assert changes.changed == [SectionKind.CARE_LEVEL]
    unchanged = supplements_save(
        recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: "Ändrad text.\r\n"}, by=leader
    )
    assert not unchanged.any
    supplements_save(recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: "  "}, by=leader)
    assert not RegionalSupplement.objects.exists()

    events = RegionalSupplement.pgh_event_model.objects.order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update", "delete"]
    assert [e.body_markdown for e in events] == ["Remiss till **Exempelmottagningen**.", "Ändrad text.", "Ändrad text."]


def test_refusals_write_nothing(published, people, vasterbotten, skane):
    leader = people["lpo_processledare"]
    with pytest.raises(ValidationError, match="behörighet att skriva regionala tillägg för Skåne"):
        supplements_save(recommendation=published, region=skane, texts={SectionKind.CARE_LEVEL: "Text."}, by=leader)
    with pytest.raises(ValidationError) as too_long:
        supplements_save(
            recommendation=published,
            region=vasterbotten,
            texts={SectionKind.CARE_LEVEL: "Giltig text.", SectionKind.TREATMENT: "x" * (MAX_SUPPLEMENT_LENGTH + 1)},
            by=leader,
        )
    assert "Texten är för lång" in too_long.value.message_dict[SectionKind.TREATMENT][0]
    with pytest.raises(ValidationError) as national_only:
        supplements_save(
            recommendation=published, region=vasterbotten, texts={SectionKind.CONDITION: "Text."}, by=leader
        )
    assert "kan inte ha regionala tillägg" in national_only.value.message_dict[SectionKind.CONDITION][0]
    assert not RegionalSupplement.objects.exists()
    assert not RegionalSupplement.pgh_event_model.objects.exists()


def test_a_form_shown_before_someone_elses_change_is_refused(published, people, vasterbotten):
    leader, chair = people["lpo_processledare"], people["lag_ordforande"]
    token = supplements_token([])
    supplements_save(
        recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: "Först."}, by=chair, token=token
    )
    with pytest.raises(ValidationError, match="Någon annan har ändrat"):
        supplements_save(
            recommendation=published,
            region=vasterbotten,
            texts={SectionKind.CARE_LEVEL: "Sist."},
            by=leader,
            token=token,
        )
    assert RegionalSupplement.objects.get().body_markdown == "Först."


def test_a_withdrawn_recommendation_takes_no_supplements(published, people, vasterbotten, cast):
    services.recommendation_withdraw(recommendation=published, by=cast.support, comment="Test")
    with pytest.raises(ValidationError, match="publicerat kunskapsstöd som gäller"):
        supplements_save(recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: "Text."})
    assert not RegionalSupplement.objects.exists()


def test_the_database_keeps_one_supplement_per_section(published, vasterbotten):
    supplements_save(recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: "Text."})
    duplicate = RegionalSupplement(
        recommendation=published, region=vasterbotten, section=SectionKind.CARE_LEVEL, body_markdown="Igen."
    )
    with pytest.raises(ValidationError, match="redan ett tillägg"):
        duplicate.full_clean()


def test_sanitised_on_save_and_never_on_the_page(client, published, vasterbotten):
    supplements_save(recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: XSS})
    html = RegionalSupplement.objects.get().body_html
    assert_inert(html)
    assert "&lt;script&gt;" in html  # shown as text, never as an element
    page = client.get(published.get_absolute_url(), {"region": vasterbotten.slug}).content.decode()
    main = page.split("<main", 1)[1]
    assert "Före" in main and "efter." in main
    assert_inert(main)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """No script element, image, event handler or javascript: link among the HTML's elements (the
    payload may stay as text: that is what the reader sees)."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object"), tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), (tag, value)


# The public page ---------------------------------------------------------------------------------


def _section(page: str, kind: str) -> str:
    """The HTML of one section of the page, from its heading to the next section."""
    match = re.search(rf'<section aria-labelledby="avsnitt-{kind}">(.*?)</section>', page, re.S)
    assert match, kind
    return match.group(1)


def test_the_page_shows_the_chosen_regions_supplements_under_their_sections(client, published, vasterbotten, skane):
    supplements_save(
        recommendation=published,
        region=vasterbotten,
        texts={SectionKind.CARE_LEVEL: "Västerbottens remissväg.", SectionKind.TREATMENT: "Västerbottens lista."},
    )
    supplements_save(recommendation=published, region=skane, texts={SectionKind.CARE_LEVEL: "Skånes remissväg."})

    national = client.get(published.get_absolute_url()).content.decode()
    assert "Regionalt tillägg" not in national and "remissväg" not in national
    picker = re.search(r'<select name="region".*?</select>', national, re.S).group(0)
    assert picker.count("<option") == 22  # the 21 regions and "no region"
    assert f'action="{published.get_absolute_url()}"' in national and 'method="get"' in national
    assert reverse("nkk:recommendation_pdf", args=[published.slug]) in national

    page = client.get(published.get_absolute_url(), {"region": vasterbotten.slug}).content.decode()
    care = _section(page, SectionKind.CARE_LEVEL)
    assert "Vårdnivå i primärvården." in care  # the national text first
    assert "Regionalt tillägg – Region Västerbotten" in care and "Västerbottens remissväg." in care
    assert care.index("Vårdnivå i primärvården.") < care.index("Regionalt tillägg")
    assert "Västerbottens lista." in _section(page, SectionKind.TREATMENT)
    assert "Skånes remissväg." not in page
    assert f'<option value="{vasterbotten.slug}" selected>' in page
    assert "Region Västerbotten har 2 tillägg" in page
    assert f"?region={vasterbotten.slug}" in page  # the PDF link keeps the region

    gotland = client.get(published.get_absolute_url(), {"region": "gotland"}).content.decode()
    assert "Region Gotland har inga egna tillägg" in gotland and "Regionalt tillägg –" not in gotland

    unknown = client.get(published.get_absolute_url(), {"region": "atlantis"})
    assert unknown.status_code == 200 and "Regionalt tillägg –" not in unknown.content.decode()
    assert "field-error" in unknown.content.decode()


def test_supplements_survive_a_new_version(client, published, vasterbotten, cast):
    supplements_save(recommendation=published, region=vasterbotten, texts={SectionKind.CARE_LEVEL: "Regionens text."})
    from nkk.models import PublishingDate
    from tests.nkk.test_views import _new_date

    version = services.version_open(recommendation=published, by=cast.owner_member)
    publish_now(version, cast, _new_date(20))
    assert PublishingDate.objects.count() == 2
    page = client.get(published.get_absolute_url(), {"region": vasterbotten.slug}).content.decode()
    assert "Regionens text." in page
    assert "Skriven till version 1; den nationella texten har reviderats sedan dess." in page


def test_a_section_the_version_lacks_still_shows_its_supplement(client, published, vasterbotten):
    supplements_save(recommendation=published, region=vasterbotten, texts={SectionKind.FOLLOW_UP: "Uppföljning här."})
    page = client.get(published.get_absolute_url(), {"region": vasterbotten.slug}).content.decode()
    follow_up = _section(page, SectionKind.FOLLOW_UP)
    assert "Den nationella texten har inget sådant avsnitt." in follow_up and "Uppföljning här." in follow_up


# recommendation, sections, earlier titles, versions, and the regions; with a region, its supplements
QUERIES = {"utan region": 5, "med region": 6}


def _supplements_in(rec, regions, n):
    kinds = [SectionKind.CARE_LEVEL, SectionKind.ASSESSMENT, SectionKind.TREATMENT, SectionKind.FOLLOW_UP]
    made = 0
    for region in regions:
        texts = {kind: f"Text {made + i} för {region.name}." for i, kind in enumerate(kinds[: n - made])}
        supplements_save(recommendation=rec, region=region, texts=texts)
        made += len(texts)
        if made >= n:
            return


def test_the_page_runs_a_constant_number_of_queries(client, published, vasterbotten, django_assert_num_queries):
    regions = [vasterbotten, *Region.objects.exclude(pk=vasterbotten.pk).order_by("name")]
    _supplements_in(published, regions, 2)
    assert RegionalSupplement.objects.count() == 2
    for name, params in (("utan region", {}), ("med region", {"region": vasterbotten.slug})):
        with django_assert_num_queries(QUERIES[name]):
            assert client.get(published.get_absolute_url(), params).status_code == 200
    RegionalSupplement.objects.all().delete()
    _supplements_in(published, regions, 20)
    assert RegionalSupplement.objects.count() == 20
    for name, params in (("utan region", {}), ("med region", {"region": vasterbotten.slug})):
        with django_assert_num_queries(QUERIES[name]):
            response = client.get(published.get_absolute_url(), params)
        assert response.status_code == 200
    assert response.content.decode().count("Regionalt tillägg – Region Västerbotten") == 4


# The edit page -----------------------------------------------------------------------------------


def _edit_url(rec, region):
    return reverse("nkk:supplements_edit", args=[rec.slug, region.slug])


def test_the_edit_page_answers_per_region(client, published, people, vasterbotten, skane):
    url = _edit_url(published, vasterbotten)
    assert client.get(url).status_code == 302  # to the login
    for who, user in people.items():
        if who == "anonym":
            continue
        client.force_login(user)
        for region in (vasterbotten, skane):
            expected = 200 if region.name in EXPECTED[who] else 403
            assert client.get(_edit_url(published, region)).status_code == expected, (who, region)
            posted = client.post(_edit_url(published, region), {f"text_{SectionKind.CARE_LEVEL}": f"Av {who}."})
            assert posted.status_code == (302 if expected == 200 else 403), (who, region)
    # Everyone allowed wrote (the history has each text); no one else did.
    events = RegionalSupplement.pgh_event_model.objects.order_by("pgh_id")
    assert [(e.region.name, e.body_markdown) for e in events] == [
        ("Västerbotten", "Av lpo_processledare."),
        ("Västerbotten", "Av lag_ordforande."),
        ("Skåne", "Av skane_lag_processledare."),
        ("Västerbotten", "Av stodfunktionen."),
        ("Skåne", "Av stodfunktionen."),
    ]


def test_the_edit_form_saves_and_ties_errors_to_fields(client, published, people, vasterbotten):
    client.force_login(people["lpo_processledare"])
    url = _edit_url(published, vasterbotten)
    page = client.get(url).content.decode()
    field = f"id_text_{SectionKind.CARE_LEVEL}"
    assert f'<label for="{field}">Vårdnivå, samverkan och remissrutiner' in page
    assert "Nationell text: Vårdnivå, samverkan och remissrutiner" in page
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)

    too_long = client.post(url, {"token": token, f"text_{SectionKind.TREATMENT}": "x" * (MAX_SUPPLEMENT_LENGTH + 1)})
    assert too_long.status_code == 400
    body = too_long.content.decode()
    assert f'id="id_text_{SectionKind.TREATMENT}_error"' in body
    assert f'aria-describedby="id_text_{SectionKind.TREATMENT}_helptext id_text_{SectionKind.TREATMENT}_error"' in body
    assert not RegionalSupplement.objects.exists()

    saved = client.post(url, {"token": token, f"text_{SectionKind.CARE_LEVEL}": "Regionens remissväg."})
    assert saved.status_code == 302 and saved["Location"].endswith(f"?region={vasterbotten.slug}")
    assert RegionalSupplement.objects.get().body_markdown == "Regionens remissväg."

    stale = client.post(url, {"token": token, f"text_{SectionKind.CARE_LEVEL}": "Skriver över."})
    assert stale.status_code == 400 and "Någon annan har ändrat" in stale.content.decode()
    assert RegionalSupplement.objects.get().body_markdown == "Regionens remissväg."


def test_the_public_page_links_editors_to_their_region(client, published, people, vasterbotten, skane):
    client.force_login(people["lpo_processledare"])
    page = client.get(published.get_absolute_url(), {"region": vasterbotten.slug}).content.decode()
    assert _edit_url(published, vasterbotten) in page
    other = client.get(published.get_absolute_url(), {"region": skane.slug}).content.decode()
    assert _edit_url(published, skane) not in other
    assert reverse("nkk:supplements", args=[published.slug]) in other
    index = client.get(reverse("nkk:supplements", args=[published.slug])).content.decode()
    assert _edit_url(published, vasterbotten) in index and _edit_url(published, skane) not in index
    client.force_login(people["utomstaende"])
    assert "Skriv regionala tillägg" not in client.get(published.get_absolute_url()).content.decode()
    assert client.get(reverse("nkk:supplements", args=[published.slug])).status_code == 403


# The admin ---------------------------------------------------------------------------------------


def test_the_admin_writes_through_the_service(client, published, people, vasterbotten):
    support = people["stodfunktionen"]
    support.is_staff = True
    support.save()
    client.force_login(support)
    url = reverse("admin:nkk_regionalsupplement_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "recommendation": published.pk,
            "region": vasterbotten.pk,
            "section": SectionKind.CARE_LEVEL,
            "body_markdown": XSS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    supplement = RegionalSupplement.objects.get()
    assert supplement.updated_by == support and supplement.version_number == 1
    assert_inert(supplement.body_html)
    delete = reverse("admin:nkk_regionalsupplement_delete", args=[supplement.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not RegionalSupplement.objects.exists()
    assert RegionalSupplement.pgh_event_model.objects.filter(pgh_label="delete").count() == 1

    # A regional leader with admin access sees and writes only their region's texts.
    leader = people["lpo_processledare"]
    leader.is_staff = True
    leader.save()
    supplements_save(recommendation=published, region=Region.objects.get(name="Skåne"), texts={"vardniva": "S."})
    client.force_login(leader)
    listing = client.get(reverse("admin:nkk_regionalsupplement_changelist"))
    assert listing.status_code == 200 and "0 regionala tillägg" in listing.content.decode()
    refused = client.post(
        url,
        {"recommendation": published.pk, "region": Region.objects.get(name="Skåne").pk, "section": "behandling"}
        | {"body_markdown": "Inte min region."},
    )
    assert refused.status_code == 200 and "behörighet" in refused.content.decode()
    assert RegionalSupplement.objects.count() == 1


# Demo data -------------------------------------------------------------------------------------------


def test_the_demo_has_regional_example_texts_only_once(demo):
    from nkk.demo import REGIONAL_EXAMPLE, load_demo_supplements

    supplements = list(RegionalSupplement.objects.select_related("region", "recommendation"))
    assert {(s.recommendation.title, s.region.name) for s in supplements} == {
        ("Förstoppning hos barn", "Västerbotten"),
        ("Förstoppning hos barn", "Skåne"),
        ("Lumbago-ischias", "Stockholm"),
    }
    assert all(s.body_markdown.startswith(REGIONAL_EXAMPLE) for s in supplements)
    assert all("Exempeltext – inte ett kliniskt råd" in s.body_html for s in supplements)
    load_demo_supplements()
    assert RegionalSupplement.objects.count() == len(supplements) == 4
