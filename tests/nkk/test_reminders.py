"""The revision deadline through the reminder engine: the owning group's chair and process
leader are told 90, 30 and 7 days before, once; a withdrawn recommendation is not reminded."""

import datetime

import pytest

from kunskapsstyrning.notices import services as notices
from kunskapsstyrning.notices.models import Notice
from nkk.choices import RecommendationStatus
from nkk.models import Recommendation
from tests.clock import TODAY, frozen

from .conftest import make_recommendation

pytestmark = [pytest.mark.django_db, frozen]


def test_the_owning_groups_leader_is_reminded_once_before_the_revision_deadline(area, nag, cast):
    due = make_recommendation(area, nag, title="Exempel att revidera")
    withdrawn = make_recommendation(area, nag, title="Exempel återkallat")
    later = make_recommendation(area, nag, title="Exempel senare")
    Recommendation.objects.filter(pk__in=[due.pk, withdrawn.pk]).update(
        revision_deadline=TODAY + datetime.timedelta(days=30)
    )
    Recommendation.objects.filter(pk=withdrawn.pk).update(status=RecommendationStatus.WITHDRAWN)
    Recommendation.objects.filter(pk=later.pk).update(revision_deadline=TODAY + datetime.timedelta(days=200))

    notices.plan()
    notices.plan()
    reminded = Notice.objects.filter(kind="revision_senast")
    assert {(n.object_id, n.person_id, n.milestone) for n in reminded} == {(due.pk, cast.owner_leader.person.pk, "30")}
    (notice,) = reminded
    assert "Exempel att revidera ska revideras senast" in notice.title
    assert notice.url == due.get_absolute_url()
