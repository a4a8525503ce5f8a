"""The national matrix and the nuläge figures are read precomputed: a report through the services
reaches both pages once the real worker has recomputed them."""

import datetime
import time

from django.urls import reverse

from kunskapsstyrning.organisation import aggregates
from kunskapsstyrning.organisation.models import Aggregate, Group, Region
from svf import follow_up_selectors as selectors
from svf import follow_up_services as services
from svf.follow_up_choices import Stage

from .conftest import make_pathway, member


def test_an_introduction_decided_through_the_services_reaches_the_matrix_through_the_worker(
    celery_worker, client, structure
):
    pathway = make_pathway()
    region = Region.objects.get(name="Västerbotten")
    lpo = Group.objects.get(kind="lpo", name__startswith="LPO MGIK")
    reporter = member(lpo)
    aggregates.recompute(selectors.MATRIX)
    url = reverse("svf_follow_up:matrix")
    html = client.get(url).content.decode()
    assert f'"stage-{Stage.GAP_ANALYSIS}"' not in html and "Beräknad <time datetime=" in html

    services.implementation_update(
        pathway=pathway,
        region=region,
        by=reporter,
        responsible_group=lpo,
        decided_on=datetime.date(2025, 1, 10),
        gap_analysis_on=datetime.date(2025, 3, 1),
    )
    deadline = time.monotonic() + 30
    while f'"stage-{Stage.GAP_ANALYSIS}"' not in html and time.monotonic() < deadline:
        time.sleep(0.2)
        html = client.get(url).content.decode()
    assert html.count(f'"stage-{Stage.GAP_ANALYSIS}"') == 1, "arbetaren räknade inte om matrisen"
    assert not Aggregate.objects.get(kind=selectors.MATRIX).is_pending


def test_a_new_pathway_reaches_the_nulage_figures_through_the_worker(celery_worker, client, structure, settings):
    from plans.extensions import NULAGE

    aggregates.recompute(NULAGE)
    url = reverse("plans:nulage")
    # The page's context, rendered: not a copy from the page cache (tests/pagecache covers that).
    settings.PAGE_CACHE_ENABLED = False

    def approved() -> int:
        response = client.get(url)
        for _section, figures in response.context["sections"]:
            for figure in figures:
                if figure["key"] == "svf.approved":
                    return figure["count"]
        raise AssertionError("svf.approved")

    before = approved()
    make_pathway("Exempelförlopp för nuläget")  # published: counted among the decided ones
    deadline = time.monotonic() + 30
    while approved() == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert approved() == before + 1, "arbetaren räknade inte om nuläget"
    assert "Beräknad <time datetime=" in client.get(url).content.decode()
