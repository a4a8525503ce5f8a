"""The NKK demo data as people meet it: the merged recommendation's facts box, and a regional demo
login that writes its region's supplements (EDIT_SUPPLEMENTS)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kunskapsstyrning.organisation.demo import DEMO_PASSWORD
from kunskapsstyrning.organisation.models import Region
from nkk.choices import SectionKind
from nkk.models import Recommendation, RegionalSupplement
from nkk.permissions import EDIT_SUPPLEMENTS
from tests.clock import frozen

pytestmark = [pytest.mark.django_db, frozen]


def _facts(body: str) -> str:
    return re.search(r'<dl class="stats facts">(.*?)</dl>', body, re.S).group(1)


def test_the_merged_recommendations_facts_name_the_earlier_titles_once(demo, client):
    rec = Recommendation.objects.public().get(title="Långvarig smärta")
    facts = _facts(client.get(rec.get_absolute_url()).content.decode())
    change = re.search(r"<dt>Ändring</dt><dd>(.*?)</dd>", facts, re.S).group(1)
    assert (
        change
        == "Sammanslagen (tidigare titlar ”Centralt störd smärtmodulering”, ”Neuropatisk smärta” och ”Smärtanalys”)"
    )
    assert facts.lower().count("tidigare titlar") == 2  # the change line and the "Tidigare titlar" row
    assert facts.count("(tidigare titlar") == 1


def test_a_renamed_demo_recommendation_says_its_earlier_title_once(demo, client):
    rec = Recommendation.objects.public().get(title="Primär immunbrist")
    facts = _facts(client.get(rec.get_absolute_url()).content.decode())
    assert "Ny titel (tidigare titel ”Primär immunbrist (PID) hos vuxna”)" in facts
    assert facts.count("(tidigare titel") == 1


def test_a_demo_lpo_chair_writes_their_regions_supplements(demo, client):
    """The chair of Västerbotten's LPO Barn- och ungdomars hälsa (which covers the NPO steering
    the demo's children's recommendations) writes Västerbotten's text, not Skåne's, and not to a
    recommendation another NPO steers."""
    user = get_user_model().objects.get(username="lpoordforande")
    assert user.person.is_demo
    children = Recommendation.objects.public().get(title="Förstoppning hos barn")
    back = Recommendation.objects.public().get(title="Lumbago")
    vasterbotten, skane = Region.objects.get(name="Västerbotten"), Region.objects.get(name="Skåne")

    def may(rec, region):
        return user.has_perm(
            EDIT_SUPPLEMENTS, RegionalSupplement(recommendation=rec, region=region, section=SectionKind.TREATMENT)
        )

    assert may(children, vasterbotten)
    assert not may(children, skane) and not may(back, vasterbotten)

    assert client.post("/logga-in/", {"username": "lpoordforande", "password": DEMO_PASSWORD}).status_code == 302
    edit = reverse("nkk:supplements_edit", args=[children.slug, vasterbotten.slug])
    assert client.get(edit).status_code == 200
    assert client.get(reverse("nkk:supplements_edit", args=[children.slug, skane.slug])).status_code == 403
