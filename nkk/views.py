"""Pages of NKK: the public recommendations, and the editor pages of the working groups, the NPOs
and the support function. Views collect input and ask the rules; the services decide and write."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from kunskapsstyrning.organisation.pagination import page_links
from kunskapsstyrning.organisation.permissions import is_support_staff

from . import review_rounds, selectors, services
from .choices import OPEN_STATES, PublishingDateStatus, RecommendationStatus, SectionKind, State
from .diff import diff_versions
from .filtersets import RecommendationFilterSet
from .forms import CommentForm, DraftForm, PublishingDateForm, RecommendationCreateForm, TransitionForm
from .models import (
    PublishingDate,
    Recommendation,
    RecommendationSection,
    RecommendationSlug,
    RecommendationVersion,
)
from .permissions import (
    CONFIRM_UNCHANGED,
    EDIT_DRAFT,
    MANAGE_PUBLISHING,
    OPEN_REVISION,
    VIEW_WORK,
)
from .workflow import transitions_from

#: Placeholders for an address reversed once for a whole list (the number is put in first: the
#: placeholder slug has no digits, a real slug may).
_SLUG, _NUMBER = "slug-to-replace", 987654321

SECTION_LABELS = {"__title__": gettext_lazy("Titel"), **dict(SectionKind.choices)}


def _by_slug(slug: str):
    """The recommendation at `slug`, or a permanent redirect target if the slug is an old one."""
    rec = (
        Recommendation.objects.filter(slug=slug)
        .select_related(
            "subject_area__healthcare_region",
            "subject_area__steering_npo",
            "owning_group",
            "current_version__publishing_date",
            "merged_into",
        )
        .first()
    )
    if rec is not None:
        return rec, None
    old = RecommendationSlug.objects.filter(slug=slug).select_related("recommendation").first()
    if old is None:
        raise Http404(_("Kunskapsstödet finns inte."))
    return None, old.recommendation


# Public ---------------------------------------------------------------------------------------


class RecommendationListView(TemplateView):
    """Published recommendations by ämnesområde, with the filters, PAGE_SIZE a page. Three queries
    for any number (the filter's ämnesområden, the count, the page). A page number past the end
    shows the last page, one that is not a number the first (Paginator.get_page)."""

    template_name = "nkk/recommendation_list.html"
    page_size = 50

    def get_context_data(self, **kwargs):
        filterset = RecommendationFilterSet(self.request.GET or None, queryset=selectors.public_recommendations())
        paginator = Paginator(filterset.qs, self.page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            recommendations=list(page),
            total=paginator.count,
            total_text=number_format(paginator.count, force_grouping=True),
            pages=page_links(page, query),
            **kwargs,
        )


class _Counted:
    """A queryset whose count is already known (the dates' own counts), so the paginator does not
    ask the database again."""

    def __init__(self, queryset, count: int):
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]


class RecentView(TemplateView):
    """ "Nyligen publicerade", grouped by publishing date like the newsletter: the latest
    `dates` publishing dates with how many each published (linked to the page where it starts),
    and their versions `page_size` a page. Two queries for any number of versions."""

    template_name = "nkk/recent.html"
    dates = 8
    page_size = 50

    def get_context_data(self, **kwargs):
        dates = selectors.recent_dates(self.dates)
        paginator = Paginator(
            _Counted(selectors.recent_versions(dates), sum(d.published_count for d in dates)), self.page_size
        )
        page = paginator.get_page(self.request.GET.get("page"))
        shown_before = (page.number - 1) * self.page_size
        # A row's address and change tag are computed once here, the address from one reversal.
        address = reverse("nkk:version", kwargs={"slug": _SLUG, "number": _NUMBER})
        groups: list[dict] = []
        by_pk = {d.pk: d for d in dates}
        for v in page.object_list:
            v.url = address.replace(str(_NUMBER), str(v.number)).replace(_SLUG, v.recommendation.slug)
            v.tag = v.change_tag
            if not groups or groups[-1]["date"].pk != v.publishing_date_id:
                groups.append({"date": by_pk[v.publishing_date_id], "versions": []})
            groups[-1]["versions"].append(v)
        offset = 0
        for d in dates:  # where each date starts, for the list of dates at the top
            d.first_page = offset // self.page_size + 1
            d.continued = groups and groups[0]["date"].pk == d.pk and offset < shown_before
            offset += d.published_count
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            dates=dates, groups=groups, page_obj=page, pages=page_links(page, query), **kwargs
        )


class RecentFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Nationellt kliniskt kunskapsstöd – nyligen publicerade")
    subtitle = gettext_lazy("Nya och reviderade kunskapsstöd per publiceringstillfälle.")

    def link(self):
        return reverse("nkk:recent")

    def items(self):
        return (
            RecommendationVersion.objects.filter(state=State.PUBLISHED)
            .select_related("recommendation", "publishing_date")
            .order_by("-published_at", "-pk")[:50]
        )

    def item_title(self, item):
        return f"{item.title} {item.change_tag}".strip()

    def item_description(self, item):
        date = item.publishing_date.date.isoformat() if item.publishing_date else ""
        return _("Version %(number)s, publicerad %(date)s.") % {"number": item.number, "date": date}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class RecommendationDetailView(View):
    """The current published version, its change note, earlier titles and earlier versions.
    An old address (before a rename) or a merged recommendation redirects permanently."""

    def get(self, request, slug):
        rec, moved = _by_slug(slug)
        if moved is not None:
            return HttpResponsePermanentRedirect(moved.get_absolute_url())
        if rec.status == RecommendationStatus.MERGED:
            return HttpResponsePermanentRedirect(rec.merged_into.get_absolute_url())
        if rec.current_version_id is None:
            raise Http404(_("Kunskapsstödet är inte publicerat."))
        version = rec.current_version
        sections = list(RecommendationSection.objects.filter(version=version).order_by("position"))
        context = {
            "recommendation": rec,
            "version": version,
            "sections": sections,
            "earlier_titles": list(rec.earlier_titles.all()),
            "versions": list(selectors.published_versions(rec)),
            "is_current": True,
        }
        if rec.status == RecommendationStatus.ACTIVE:
            from .supplement_views import regional_context  # regionala tillägg, the PDF link

            context.update(regional_context(request, rec, version, sections))
        status = 410 if rec.status == RecommendationStatus.WITHDRAWN else 200
        return TemplateResponse(request, "nkk/recommendation_detail.html", context, status=status)


class VersionDetailView(View):
    """A published version at its permanent address; it never changes."""

    def get(self, request, slug, number):
        rec, moved = _by_slug(slug)
        if moved is not None:
            return HttpResponsePermanentRedirect(reverse("nkk:version", args=[moved.slug, number]))
        version = selectors.version_with_sections(rec, number)
        if version is None or version.state != State.PUBLISHED:
            raise Http404(_("Versionen finns inte eller är inte publicerad."))
        context = {
            "recommendation": rec,
            "version": version,
            "sections": list(version.sections.all()),
            "earlier_titles": list(rec.earlier_titles.all()),
            "versions": list(selectors.published_versions(rec)),
            "is_current": version.pk == rec.current_version_id and rec.status == RecommendationStatus.ACTIVE,
        }
        return TemplateResponse(request, "nkk/recommendation_detail.html", context)


class CompareView(View):
    """Two versions side by side with the changes marked. Published versions for everyone;
    versions under way for those who see the work (VIEW_WORK)."""

    def get(self, request, slug):
        rec, moved = _by_slug(slug)
        if moved is not None:
            return HttpResponsePermanentRedirect(
                reverse("nkk:compare", args=[moved.slug]) + "?" + request.GET.urlencode()
            )
        sees_work = request.user.has_perm(VIEW_WORK, rec)
        versions = rec.versions.prefetch_related("sections").order_by("number")
        if not sees_work:
            versions = versions.filter(state=State.PUBLISHED)
        versions = list(versions)
        by_number = {v.number: v for v in versions}
        try:
            old = by_number[int(request.GET.get("fran", ""))]
            new = by_number[int(request.GET.get("till", ""))]
        except (KeyError, ValueError):
            if len(versions) < 2:
                raise Http404(_("Det finns inget att jämföra.")) from None
            old, new = versions[-2], versions[-1]
        context = {
            "recommendation": rec,
            "old": old,
            "new": new,
            "versions": versions,
            "diff": diff_versions(old, new, SECTION_LABELS),
        }
        return TemplateResponse(request, "nkk/compare.html", context)


# Editor pages ----------------------------------------------------------------------------------


class WorkListView(LoginRequiredMixin, TemplateView):
    """What waits for the user's action, and (for support staff) the link to the calendar."""

    template_name = "nkk/work_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            work=selectors.work_for(self.request.user),
            is_support=is_support_staff(self.request.user),
            can_create=selectors.groups_to_create_for(self.request.user).exists(),
            **kwargs,
        )


class RecommendationCreateView(LoginRequiredMixin, View):
    """A new recommendation with version 1 as a draft, for a working group the user leads."""

    template_name = "nkk/recommendation_form.html"

    def render(self, form, status=200):
        return TemplateResponse(self.request, self.template_name, {"form": form}, status=status)

    def groups(self):
        groups = selectors.groups_to_create_for(self.request.user)
        if not groups.exists():
            raise PermissionDenied
        return groups

    def get(self, request):
        return self.render(RecommendationCreateForm(groups=self.groups()))

    def post(self, request):
        form = RecommendationCreateForm(request.POST, groups=self.groups())
        if form.is_valid():
            try:
                rec = services.recommendation_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("Kunskapsstödet är skapat som utkast."))
                return redirect("nkk:draft", slug=rec.slug)
        return self.render(form, status=400)


class RecommendationMixin(LoginRequiredMixin):
    @cached_property
    def recommendation(self) -> Recommendation:
        rec = get_object_or_404(
            Recommendation.objects.select_related("subject_area__steering_npo", "owning_group", "current_version"),
            slug=self.kwargs["slug"],
        )
        if not self.request.user.has_perm(VIEW_WORK, rec):
            raise PermissionDenied
        return rec

    @cached_property
    def open_version(self) -> RecommendationVersion | None:
        return (
            self.recommendation.versions.filter(state__in=OPEN_STATES)
            .select_related("publishing_date")
            .prefetch_related(Prefetch("sections", queryset=RecommendationSection.objects.order_by("position")))
            .first()
        )

    def back(self):
        return redirect("nkk:work", slug=self.recommendation.slug)


class RecommendationWorkView(RecommendationMixin, TemplateView):
    """The editor page: the version under way with its actions, the versions and the log."""

    template_name = "nkk/work_detail.html"

    def get_context_data(self, **kwargs):
        user, rec, version = self.request.user, self.recommendation, self.open_version
        actions = (
            [t for t in transitions_from(version.state) if user.has_perm(t.permission, version)] if version else []
        )
        return super().get_context_data(
            recommendation=rec,
            version=version,
            actions=[a for a in actions if a.action != "publish"],
            transition_form=TransitionForm(),
            can_edit=version is not None and user.has_perm(EDIT_DRAFT, version),
            can_open=version is None and user.has_perm(OPEN_REVISION, rec),
            can_confirm=user.has_perm(CONFIRM_UNCHANGED, rec),
            can_withdraw=user.has_perm("nkk.withdraw", rec),
            versions=list(rec.versions.select_related("publishing_date").order_by("-number")),
            log=list(selectors.log_of(rec)[:100]),
            review_rounds=review_rounds.rounds_of(version),
            **kwargs,
        )


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class DraftEditView(RecommendationMixin, View):
    template_name = "nkk/draft_form.html"

    def version(self) -> RecommendationVersion:
        version = self.open_version
        if version is None or not self.request.user.has_perm(EDIT_DRAFT, version):
            raise PermissionDenied
        return version

    def render(self, form, version):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "version": version, "recommendation": self.recommendation},
            status=200 if not form.errors else 400,
        )

    def get(self, request, slug):
        version, rec = self.version(), self.recommendation
        initial = {
            "title": version.title,
            "change_kind": version.change_kind,
            "change_subject": version.change_subject,
            "change_heading": version.change_heading,
            "change_note": version.change_note,
            "target_populations": rec.target_populations,
            "icd10_codes": ", ".join(rec.icd10_codes),
            "ksh97p_codes": ", ".join(rec.ksh97p_codes),
            "replaces": [r.replaced_id for r in version.replacements.all()],
            **{f"section_{s.kind}": s.body_markdown for s in version.sections.all()},
        }
        return self.render(DraftForm(initial=initial, recommendation=rec), version)

    def post(self, request, slug):
        version = self.version()
        form = DraftForm(request.POST, recommendation=self.recommendation)
        if form.is_valid():
            try:
                services.version_update(version=version, by=request.user, **form.service_kwargs())
            except ValidationError as exc:
                form.add_error(None, exc if not hasattr(exc, "error_dict") else _error_text(exc))
            else:
                messages.success(request, _("Utkastet är sparat."))
                return self.back()
        return self.render(form, version)


class TransitionView(RecommendationMixin, View):
    def post(self, request, slug):
        version = self.open_version
        form = TransitionForm(request.POST)
        if version is None or not form.is_valid():
            messages.error(request, _("Välj en åtgärd."))
            return self.back()
        data = form.cleaned_data
        try:
            moved = services.transition(
                version=version,
                action=data["action"],
                by=request.user,
                comment=data["comment"],
                second_round_kind=data["second_round_kind"],
                publishing_date=data["publishing_date"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request,
                _("Versionen är nu ”%(state)s”.") % {"state": moved.get_state_display().lower()},
            )
        return self.back()


class OpenRevisionView(RecommendationMixin, View):
    def post(self, request, slug):
        try:
            version = services.version_open(recommendation=self.recommendation, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return self.back()
        messages.success(request, _("Version %(number)s är öppnad som utkast.") % {"number": version.number})
        return redirect("nkk:draft", slug=self.recommendation.slug)


class ConfirmUnchangedView(RecommendationMixin, View):
    def post(self, request, slug):
        form = CommentForm(request.POST)
        form.is_valid()
        try:
            rec = services.recommendation_confirm_unchanged(
                recommendation=self.recommendation, by=request.user, comment=form.cleaned_data.get("comment", "")
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request,
                _("Kunskapsstödet är granskat utan ändring. Nytt revideringsdatum: %(date)s.")
                % {"date": rec.revision_deadline.isoformat()},
            )
        return self.back()


class WithdrawView(RecommendationMixin, View):
    def post(self, request, slug):
        form = CommentForm(request.POST)
        form.is_valid()
        try:
            services.recommendation_withdraw(
                recommendation=self.recommendation, by=request.user, comment=form.cleaned_data.get("comment", "")
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Kunskapsstödet är återkallat."))
        return self.back()


class SupportStaffMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(MANAGE_PUBLISHING):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CalendarView(SupportStaffMixin, View):
    """The publishing calendar: each coming date with what is planned, what is approved and
    ready, and what is still waiting; failed dates with their reason; a form for a new date."""

    template_name = "nkk/calendar.html"

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "dates": selectors.calendar(),
                "unscheduled": list(selectors.approved_without_date()),
                "form": form,
            },
            status=status,
        )

    def get(self, request):
        return self.render(PublishingDateForm())

    def post(self, request):
        form = PublishingDateForm(request.POST)
        if form.is_valid():
            try:
                services.publishing_date_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("date" if hasattr(exc, "error_dict") else None, _error_text(exc))
            else:
                messages.success(request, _("Publiceringstillfället är tillagt."))
                return redirect("nkk:calendar")
        return self.render(form, status=400)


class PublishDateView(SupportStaffMixin, View):
    """Publish a date's batch by hand: a confirmation page first (GET), then the batch (POST)."""

    def date(self, value: str) -> PublishingDate:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise Http404 from None
        return get_object_or_404(PublishingDate, date=day)

    def get(self, request, date):
        publishing_date = self.date(date)
        planned = list(
            publishing_date.versions.filter(state=State.PLANNED)
            .select_related("recommendation")
            .order_by("recommendation__title")
        )
        return TemplateResponse(
            request, "nkk/publish_confirm.html", {"publishing_date": publishing_date, "planned": planned}
        )

    def post(self, request, date):
        publishing_date = self.date(date)
        if not request.POST.get("confirm"):
            return redirect("nkk:publish_date", date=date)
        try:
            result = services.publishing_date_publish(publishing_date=publishing_date, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect("nkk:calendar")
        if result.already_published:
            messages.info(request, _("Publiceringstillfället var redan publicerat. Ingenting ändrades."))
        elif result.ok:
            messages.success(
                request,
                _("%(count)s kunskapsstöd är publicerade.") % {"count": len(result.published)},
            )
        else:
            messages.error(
                request,
                _("Ingenting publicerades: %(reason)s") % {"reason": " ".join(result.refused)},
            )
        return redirect("nkk:calendar")


def planned_status_label(status: str) -> str:
    return PublishingDateStatus(status).label


class VersionWorkRedirectView(LoginRequiredMixin, View):
    """A version's editorial page by the version's id (the consultation engine links a round's
    subject this way, without reading the recommendation)."""

    def get(self, request, pk):
        version = get_object_or_404(RecommendationVersion.objects.select_related("recommendation"), pk=pk)
        if not request.user.has_perm(VIEW_WORK, version.recommendation):
            raise PermissionDenied
        return redirect("nkk:work", slug=version.recommendation.slug)
