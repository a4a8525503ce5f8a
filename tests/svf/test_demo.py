"""The demo: the ten vårdförlopp of 2019 with their NPOs and later names, one remiss under way
with a few answers; every text marked as example text; loading twice changes nothing."""

import pytest

from nkk.consultations.models import Answer
from svf.choices import PathwayState as S
from svf.demo import EXAMPLE, load_demo_pathways
from svf.models import CarePathway, FlowStep, PathwaySection

pytestmark = pytest.mark.django_db


def test_demo_pathways(structure):
    load_demo_pathways()
    load_demo_pathways()
    assert CarePathway.objects.count() == 10
    names = set(CarePathway.objects.values_list("name", flat=True))
    assert {"Hjärtsvikt – nydebuterad", "Stroke och TIA", "KOL", "Sepsis"} <= names
    states = dict(CarePathway.objects.values_list("slug", "state"))
    assert states["kol"] == S.CONSULTATION and states["sepsis"] == S.REWORK
    assert states["osteoporos"] == S.REVISING and states["stroke"] == S.PUBLISHED
    assert CarePathway.objects.get(slug="stroke").responsible_npos.get().name == "Nervsystemets sjukdomar"
    assert Answer.objects.count() == 3
    assert all(EXAMPLE in s.body_markdown for s in PathwaySection.objects.all())
    assert all(EXAMPLE in s.care_actions_markdown for s in FlowStep.objects.all())
    assert all(p.is_demo for p in CarePathway.objects.all())
