"""The campaign progress page reads the progress the worker precomputed, says when, and shows a
change made through the services once the real worker has recomputed it."""

import datetime
import time

import pytest

from kunskapsstyrning.organisation import aggregates
from kunskapsstyrning.organisation.models import Aggregate, Group
from nkk import campaign_selectors as selectors
from nkk import services

from .conftest import NAG, NPO, make_area, make_cast
from .test_campaigns import new_campaign, published

DAY = datetime.timedelta(days=1)


def _page(client, campaign) -> str:
    response = client.get(campaign.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_confirmation_through_the_services_is_recomputed_by_the_worker_and_shown(celery_worker, client, structure):
    npo, nag = Group.objects.get(slug=NPO), Group.objects.get(slug=NAG)
    area = make_area(npo)
    cast = make_cast(npo, nag)
    old = published(area, nag, "Granskas utan ändring", published_on=datetime.date(2020, 1, 1))
    campaign = new_campaign(starts_on=datetime.date(2025, 1, 1), deadline=datetime.date(2030, 1, 1))
    aggregates.recompute(selectors.PROGRESS)
    html = _page(client, campaign)
    assert "1 kunskapsstöd, 1 kvar att revidera" in html and "Beräknad <time datetime=" in html

    services.recommendation_confirm_unchanged(recommendation=old, by=cast.owner_leader)
    deadline = time.monotonic() + 30
    while "1 kvar att revidera" in html and time.monotonic() < deadline:
        time.sleep(0.2)
        html = _page(client, campaign)
    assert "1 kunskapsstöd, 0 kvar att revidera" in html, "arbetaren räknade inte om kampanjens läge"
    assert not Aggregate.objects.get(kind=selectors.PROGRESS).is_pending


@pytest.mark.django_db
def test_a_campaign_the_worker_has_not_counted_yet_is_counted_on_the_page(client, structure):
    npo, nag = Group.objects.get(slug=NPO), Group.objects.get(slug=NAG)
    area = make_area(npo)
    published(area, nag, "Kvar", published_on=datetime.date(2020, 1, 1))
    aggregates.recompute(selectors.PROGRESS)
    campaign = new_campaign(starts_on=datetime.date(2025, 1, 1), deadline=datetime.date(2030, 1, 1))
    html = _page(client, campaign)
    assert "1 kunskapsstöd, 1 kvar att revidera" in html and "Beräknad nu." in html
