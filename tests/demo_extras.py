"""What the demo data (load_demo) lacks for the pages that only show something once it exists:
a consultation round with an answer, and a notice. Shared by the browser checks and the fuzz
test, so both open the same pages with the same data."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kunskapsstyrning.notices.models import Notice
from kunskapsstyrning.organisation.models import Group, Person, Region
from kunskapsstyrning.organisation.models.periods import today
from nkk.consultations import services as consultations
from nkk.models import Recommendation

ROUND_DESCRIPTION = "Demo: remissrunda."


def consultation_and_notice():
    """A review round of the demo draft, open today, that the process leader has answered for
    the NPO with a comment; and a notice to the member, so Notiser and Min sida show one. Returns
    the round (the demo has others: the vårdförlopp's remiss, NKK's queued review rounds)."""
    draft = Recommendation.objects.get(slug="demo-exempelrekommendation-om-hjartsvikt")
    npo = Group.objects.get(slug="npo-hjart-och-karlsjukdomar")
    round_ = consultations.round_create(
        kind="remiss",
        subject=draft,
        owner_group=draft.owning_group,
        opens_on=today() - datetime.timedelta(days=3),
        closes_on=today() + datetime.timedelta(days=10),
        regions=Region.objects.order_by("name")[:3],
        groups=[npo],
        description=ROUND_DESCRIPTION,
    )
    consultations.answer_submit(
        recipient=round_.recipients.get(group=npo),
        position="tillstyrker_med_synpunkter",
        text="Demotext: svar.",
        comments=[("Behandling", "Demotext: synpunkt.")],
        by=get_user_model().objects.get(username="processledare"),
    )
    member = Person.objects.get(user__username="ledamot")
    membership = member.memberships.order_by("pk").first()
    Notice.objects.create(
        kind="mandat_slutar",
        content_type=ContentType.objects.get_for_model(membership),
        object_id=membership.pk,
        milestone="90",
        person=member,
        deadline=today() + datetime.timedelta(days=90),
        title="Demo: ditt uppdrag slutar om 90 dagar",
        url="/mina-uppdrag/",
        send_after=timezone.now(),
    )
    return round_
