"""The regional reports' deadlines in the reminder engine (notices): the progress report by
30 September and the yearly report by 31 March, reminded to the process leader of the LPO or LAG
responsible for the introduction, for regions that have decided to introduce the pathway and have
not yet reported for the period. Asked again at sending time (a new process leader gets it, one
who left does not)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.notices import kinds
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models.periods import today

from .follow_up_choices import FOLLOWED_STATES, INTRODUCING_STAGES, REPORT_DEADLINES, ReportKind, report_deadline
from .models import Implementation, ImplementationReport


def deadlines_between(start: datetime.date, end: datetime.date) -> list[tuple[str, datetime.date]]:
    """The report deadlines (kind, date) that fall in [start, end]."""
    found = []
    for year in range(start.year, end.year + 1):
        for kind in REPORT_DEADLINES:
            day = report_deadline(kind, year)
            if start <= day <= end:
                found.append((kind, day))
    return sorted(found, key=lambda item: item[1])


def awaiting_report(kind: str, deadline: datetime.date):
    """Introductions that owe the report due on `deadline`: decided by then, pathway followed,
    with a responsible group, and no report of that kind for that year."""
    return Implementation.objects.filter(
        stage__in=INTRODUCING_STAGES,
        decided_on__lte=deadline,
        pathway__state__in=FOLLOWED_STATES,
        responsible_group__isnull=False,
    ).exclude(Exists(ImplementationReport.objects.filter(implementation=OuterRef("pk"), kind=kind, year=deadline.year)))


class RegionalReportDeadline:
    name = "vardforlopp_regionrapport"
    label = gettext_lazy("Regionens rapport om införande av vårdförlopp")
    default_lead_days = (30, 7)
    allow_off = True

    def due(self, start, end, lead_days):
        for lead in lead_days:
            delta = datetime.timedelta(days=lead)
            for kind, deadline in deadlines_between(start + delta, end + delta):
                rows = awaiting_report(kind, deadline).select_related("pathway", "region")
                for obj in rows:
                    yield kinds.Due(obj, f"{kind}-{deadline.year}-{lead}", deadline, deadline - delta)

    def recipients(self, objects):
        group_of = {obj.pk: obj.responsible_group_id for obj in objects}
        roster = kinds.group_roster({g for g in group_of.values() if g}, (Role.PROCESS_LEADER,), today())
        return {pk: roster.get(group_id, set()) for pk, group_id in group_of.items()}

    def title(self, obj, due):
        kind = ReportKind.PROGRESS if due.deadline.month == 9 else ReportKind.YEARLY
        return _("%(pathway)s i %(region)s: %(report)s senast %(date)s") % {
            "pathway": obj.pathway.name,
            "region": obj.region.name,
            "report": ReportKind(kind).label,
            "date": due.deadline.isoformat(),
        }

    def url(self, obj) -> str:
        return obj.get_absolute_url()


kinds.register(RegionalReportDeadline())
