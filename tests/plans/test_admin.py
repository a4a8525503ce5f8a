"""Plans in the admin: the pages render for support staff; an approved plan is read-only."""

import pytest
from django.urls import reverse

from plans.models import PlanYear, SummaryPdf
from tests.clock import frozen
from tests.factories import UserFactory, make_support_staff

from .conftest import DECIDED, plan_with

pytestmark = [pytest.mark.django_db, frozen]


@pytest.mark.parametrize("model", [PlanYear, SummaryPdf], ids=lambda m: m.__name__)
def test_admin_pages_render(client, npo, model):
    plan_with(npo, 2026, 2)
    SummaryPdf.objects.create(year=2026, data_version="x")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    opts = model._meta
    assert client.get(reverse(f"admin:plans_{opts.model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:plans_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    assert client.get(reverse(f"admin:plans_{opts.model_name}_change", args=[obj.pk])).status_code == 200


def test_an_approved_plan_is_read_only_in_the_admin(client, npo):
    draft = plan_with(npo, 2025, 1)
    approved = plan_with(npo, 2026, 1, approve_on=DECIDED)
    staff = make_support_staff(UserFactory(is_staff=True))
    client.force_login(staff)
    page = client.get(reverse("admin:plans_planyear_change", args=[approved.pk])).content.decode()
    assert 'name="_save"' not in page
    page = client.get(reverse("admin:plans_planyear_change", args=[draft.pk])).content.decode()
    assert 'name="_save"' in page
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:plans_planyear_changelist")).status_code == 403
