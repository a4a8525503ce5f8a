"""The daily publishing task through the real broker and a real worker."""

from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today
from nkk.choices import State
from nkk.models import PublishingDate, RecommendationVersion
from nkk.tasks import publish_due_dates

from .conftest import NAG, NPO, make_area, make_cast, make_recommendation, walk_to


def test_the_worker_publishes_todays_date_once(celery_worker):
    load_structure()
    npo, nag = Group.objects.get(slug=NPO), Group.objects.get(slug=NAG)
    cast, area = make_cast(npo, nag), make_area(npo)
    date = PublishingDate.objects.create(date=today())
    walk_to(make_recommendation(area, nag).versions.get(), State.PLANNED, cast, date)
    first = publish_due_dates.delay().get(timeout=30)
    assert first == [{"date": today().isoformat(), "published": 1, "already_published": False, "refused": []}]
    assert publish_due_dates.delay().get(timeout=30) == []
    assert RecommendationVersion.objects.filter(state=State.PUBLISHED).count() == 1
