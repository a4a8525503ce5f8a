"""The database's copy of the transition table agrees with the table; the demo data covers every
state and the newsletter's dates; the daily task runs on a real worker."""

import datetime
import importlib

import pytest
from django.conf import settings

from nkk.choices import OPEN_STATES, PublishingDateStatus, RecommendationStatus, State
from nkk.models import PublishingDate, Recommendation, RecommendationVersion
from nkk.workflow import ALLOWED_PAIRS, TRANSITIONS, VERSION_ACTIONS


def test_the_trigger_allows_exactly_the_version_pairs_of_the_table():
    migration = importlib.import_module("nkk.migrations.0002_invariants")
    version_pairs = {(t.source, t.target) for t in TRANSITIONS if t.action in VERSION_ACTIONS}
    assert set(migration.ALLOWED_VERSION_PAIRS) == version_pairs
    assert version_pairs <= ALLOWED_PAIRS


def test_the_task_is_scheduled_daily_in_the_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["nkk-publish-due-dates"]
    assert entry["task"] == "nkk.tasks.publish_due_dates"
    assert entry["schedule"].hour == {6}


@pytest.mark.django_db
def test_demo_data_follows_the_newsletter_and_covers_every_state(demo):
    dates = {d.date: d for d in PublishingDate.objects.all()}
    for day in (datetime.date(2019, 8, 20), datetime.date(2019, 9, 17), datetime.date(2019, 10, 15)):
        assert dates[day].status == PublishingDateStatus.PUBLISHED
    september = [v.title for v in dates[datetime.date(2019, 9, 17)].versions.order_by("title")]
    assert "Blåsljud hos barn" in september and "Lumbago-ischias" in september
    pain = Recommendation.objects.get(title="Långvarig smärta")
    assert set(pain.merged_from.values_list("title", flat=True)) == {
        "Centralt störd smärtmodulering",
        "Neuropatisk smärta",
        "Smärtanalys",
    }
    assert Recommendation.objects.filter(status=RecommendationStatus.MERGED).count() == 3
    states = set(RecommendationVersion.objects.values_list("state", flat=True))
    assert set(OPEN_STATES) <= states and State.PUBLISHED in states
    for version in RecommendationVersion.objects.prefetch_related("sections"):
        for section in version.sections.all():
            assert section.body_markdown.startswith("**Exempeltext – inte ett kliniskt råd.**")


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(demo):
    from nkk.demo import load_demo_recommendations

    before = RecommendationVersion.objects.count()
    load_demo_recommendations()
    assert RecommendationVersion.objects.count() == before
