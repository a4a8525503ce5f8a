"""Every page of the apps above the roster (kunskapsstöd, remisser, verksamhetsplaner, notiser,
konton, programområden, samverkansgrupper) probed as an attacker and as a careless user, on the
demo data: never a 500, no contact data to an anonymous visitor, and a post from someone who may
not make it writes nothing.

The pages come from the URL resolver, not from a list written by hand: test_every_page_is_probed
fails when a pattern of these apps is neither probed here nor exempted with a reason, so a new
page cannot be forgotten. The nasty values are tests/organisation/test_fuzz.py's table.

How a page is probed: its GET with every query parameter the apps read set to each nasty value
at once; its path with nasty values in place of each argument; and a POST, with the fields of the
forms that post to it (collected from the pages as their users see them), one field at a time
replaced by nasty values for its users and all at once for outsiders.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from kunskapsstyrning.notices.models import CalendarFeed, Notice
from kunskapsstyrning.organisation.models import Person
from kunskapsstyrning.organisation.models.periods import today
from nkk.models import Campaign, RecommendationVersion
from plans.models import PlanYear
from svf.models import Implementation
from tests import demo_extras
from tests.factories import PersonFactory, UserFactory
from tests.organisation.test_fuzz import NASTY, encode

pytestmark = pytest.mark.django_db

#: The namespaces probed elsewhere; every other one is probed here (today nkk, consultations,
#: plans, notices, accounts, npo and nsg; a new app's pages join by themselves).
OTHER_NAMESPACES = {
    "organisation": "tests/organisation/test_fuzz.py",
    "declarations": "tests/organisation/test_fuzz.py (roster reminders) and tests/declarations",
    "nominations": "tests/organisation/test_fuzz.py",
    "admin": "Djangos administration, bakom is_staff",
    "api-pages": "API:ts dokumentationssidor, statiska",
    None: "projektets egna rader (start, inloggning, hälsa, OIDC, API v1) provas i tests/organisation och tests/api",
}

#: Patterns not probed, with the reason.
EXEMPT = {
    "plans:summary_download": "en PDF som bara finns när Celery har byggt den (tests/plans/test_summary.py)",
    "accounts:personal_data_pdf": "samma innehåll som registerutdrag.json, som provas; PDF-renderingen är långsam",
    "accounts:password_reset_confirm": "Djangos egen vy; en felaktig token ger sidan om ogiltig länk",
}

#: Query parameters the apps read (filters, pages, comparisons, the year, a redirect).
PARAMS = [
    "q",
    "page",
    "year",
    "ar",
    "omrade",
    "malgrupp",
    "uppdaterad_sedan",
    "fran",
    "till",
    "group",
    "grupp",
    "status",
    "kind",
    "typ",
    "next",
    "per",
    "format",
    "action",
]
#: What may stand in for a path argument, by converter: a refusal (404) is fine, a 500 is not.
NASTY_ARGS = {
    "int": ["0", "99999999999999999999", "2147483648"],
    "slug": ["x" * 300, "-", "DROP-TABLE"],
    "str": ["2026-02-30", "0001-01-01", "9999-12-31", "x" * 300, "%00", "' OR 1=1"],
}
#: Anonymous posts that may write: they are the ways in (password reset counts requests per
#: address in the database, the invitation link records the visit).
ANONYMOUS_WRITES = {"accounts:password_reset", "accounts:invitation", "accounts:invitation_accept"}
#: Slow pages (a PDF, an XLSX, a Celery task): fewer nasty values.
SLOW = {"plans:export_xlsx", "plans:summary_request"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
FEW = ["", "\x00", "\ud800", "99999999999999999999", "2026-02-30", "-1", "<script>alert(1)</script>", "x" * 100_000]


def patterns() -> list[tuple[str | None, str, URLPattern, dict]]:
    """(namespace, name, pattern, converters): the converters of the whole path, those of the
    includes above the pattern too (a page under include("<slug:slug>/…") has its slug)."""

    def walk(items, namespace=None, converters=None):
        for item in items:
            found = {**(converters or {}), **getattr(item.pattern, "converters", {})}
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, item.namespace or namespace, found)
            else:
                yield namespace, item.name, item, found

    return list(walk(get_resolver().url_patterns))


def probed_namespaces() -> list[str]:
    return sorted({namespace for namespace, *_rest in patterns() if namespace not in OTHER_NAMESPACES})


def probed_names() -> list[str]:
    return sorted(
        f"{namespace}:{name}"
        for namespace, name, *_rest in patterns()
        if namespace not in OTHER_NAMESPACES and f"{namespace}:{name}" not in EXEMPT
    )


def arguments(name: str) -> dict:
    pattern, converters = next((p, c) for ns, n, p, c in patterns() if f"{ns}:{n}" == name)
    return converters or dict.fromkeys(pattern.pattern.regex.groupindex)


def test_every_page_is_probed_or_exempted_with_a_reason():
    """A page without arguments is probed as it is; one with arguments needs them below (on the
    demo data) or an exemption with a reason."""
    missing = [name for name in probed_names() if arguments(name) and name not in kwargs_for_all(None)]
    assert missing == [], f"sidor som varken provas eller undantas: {missing}"
    assert {"nkk", "consultations", "plans", "notices", "accounts", "svf", "svf_follow_up"} <= set(probed_namespaces())
    assert all(reason for reason in EXEMPT.values())


def kwargs_for_all(data: dict | None) -> dict[str, dict]:
    """The arguments each pattern is probed with, on the demo data (`data`: the ids)."""
    d = data or {}
    plan = {"slug": "npo-hjart-och-karlsjukdomar", "year": d.get("year", 2026), "revision": 1}
    draft = {"slug": "demo-exempelrekommendation-om-hjartsvikt"}
    round_ = {"pk": d.get("round", 1)}
    answer = {**round_, "recipient": d.get("recipient", 1)}
    published = {"slug": d.get("pathway", "hjartsvikt")}  # a published vårdförlopp, followed up
    on_remiss = {"slug": "kol"}
    region = {**published, "region": "norrbotten"}
    return {
        "nkk:list": {},
        "nkk:recent": {},
        "nkk:feed": {},
        "nkk:recommendation": {"slug": "sepsis"},
        "nkk:version": {"slug": "sepsis", "number": 1},
        "nkk:compare": {"slug": "sepsis"},
        "nkk:work_list": {},
        "nkk:create": {},
        "nkk:work": draft,
        "nkk:draft": draft,
        "nkk:transition": draft,
        "nkk:open_revision": {"slug": "sepsis"},
        "nkk:confirm": {"slug": "sepsis"},
        "nkk:withdraw": {"slug": "lumbago-ischias"},
        "nkk:calendar": {},
        "nkk:publish_date": {"date": d.get("publishing_date", "2027-08-20")},
        "consultations:windows": {},
        "consultations:to_answer": {},
        "consultations:round": round_,
        "consultations:answer": answer,
        "consultations:late_answer": answer,
        "consultations:ledger": round_,
        "consultations:ledger_publish": round_,
        "consultations:attachment": {"pk": d.get("answer", 1)},
        "plans:overview": {},
        "plans:export_csv": {},
        "plans:export_xlsx": {},
        "plans:summary_request": {},
        "plans:summary": {"pk": 1},
        "plans:summary_status": {"pk": 1},
        "plans:plan_create": {"slug": "npo-hjart-och-karlsjukdomar"},
        "plans:plan": {"slug": plan["slug"], "year": plan["year"]},
        "plans:revision": plan,
        "plans:initiative_create": plan,
        "plans:initiative_update": {**plan, "pk": d.get("initiative", 1)},
        "plans:initiative_delete": {**plan, "pk": d.get("initiative", 1)},
        "plans:submit": plan,
        "plans:return": plan,
        "plans:approve": plan,
        "plans:revise": plan,
        "plans:nulage": {},
        "plans:vacant_seats": {},
        "notices:calendar_manage": {},
        "notices:calendar_feed": {"token": d.get("token", "x")},
        "notices:my_page": {},
        "notices:list": {},
        "notices:read_all": {},
        "notices:read": {"pk": d.get("notice", 1)},
        "notices:preferences": {},
        "notices:reminders": {},
        "notices:reminders_csv": {},
        "notices:resend": {"pk": d.get("notice", 1)},
        "accounts:accessibility": {},
        "accounts:privacy": {},
        "accounts:cookies": {},
        "accounts:account": {},
        "accounts:oidc_failed": {},
        "accounts:logout_everywhere": {},
        "accounts:personal_data_json": {},
        "accounts:invitation_accept": {},
        "accounts:invitation": {"token": "x" * 40},
        "accounts:group_invitations": {"slug": "nag-vardforlopp-hjartsvikt"},
        "accounts:otp_setup": {},
        "accounts:otp_verify": {},
        "accounts:password_change": {},
        "accounts:password_reset": {},
        "accounts:password_reset_done": {},
        "accounts:password_reset_complete": {},
        "accounts:pseudonymise": {"pk": d.get("person", 1)},
        "npo:list": {},
        "nsg:list": {},
        "nkk:recommendation_pdf": {"slug": "sepsis"},
        "nkk:supplements": {"slug": "sepsis"},
        "nkk:supplements_edit": {"slug": "sepsis", "region": "norrbotten"},
        "nkk:version_work": {"pk": d.get("version", 1)},
        "nkk:campaign": {"pk": d.get("campaign", 1)},
        "nkk:campaign_edit": {"pk": d.get("campaign", 1)},
        "svf:pathway": published,
        "svf:version": {**published, "number": 1},
        "svf:pdf": {**published, "number": 1},
        "svf:compare": published,
        "svf:create": {},
        "svf:work": on_remiss,
        "svf:draft": {"slug": "sepsis"},
        "svf:transition": on_remiss,
        "svf_follow_up:indicators": published,
        "svf_follow_up:import": published,
        "svf_follow_up:import_template": published,
        "svf_follow_up:comparison": {**published, "code": "ex-1"},
        "svf_follow_up:implementation": region,
        "svf_follow_up:implementation_edit": region,
        "svf_follow_up:report": region,
        "svf_follow_up:activity_add": region,
        "svf_follow_up:activity_update": {**region, "pk": d.get("activity", 1)},
        "svf_follow_up:values": region,
    }


# --- The data and the people -------------------------------------------------------------------


@pytest.fixture
def loaded(demo):
    round_ = demo_extras.consultation_and_notice()
    plan = PlanYear.objects.get(group__slug="npo-hjart-och-karlsjukdomar", year=today().year, revision=1)
    ledamot = Person.objects.get(user__username="ledamot")
    norrbotten = Implementation.objects.filter(region__name="Norrbotten", activities__isnull=False).first()
    return {
        "round": round_.pk,
        "recipient": round_.recipients.get(group__isnull=False).pk,
        "answer": round_.recipients.get(group__isnull=False).answer.pk,
        "year": plan.year,
        "initiative": plan.initiatives.order_by("pk").first().pk,
        "notice": Notice.objects.get().pk,
        "token": CalendarFeed.objects.create(person=ledamot).token,
        "person": ledamot.pk,
        "version": RecommendationVersion.objects.order_by("pk").first().pk,
        "campaign": Campaign.objects.get().pk,
        "pathway": norrbotten.pathway.slug,
        "activity": norrbotten.activities.order_by("pk").first().pk,
    }


def users() -> dict:
    User = get_user_model()
    outsider = UserFactory(username="utomstaende")
    PersonFactory(user=outsider, email="utomstaende@exempel.invalid")
    return {
        "anonym": None,
        "utomstående": outsider,
        **{name: User.objects.get(username=name) for name in ("ledamot", "processledare", "stodfunktion")},
    }


def fingerprint() -> tuple:
    """The number of rows in every table but the sessions' and sign-in logs': a write shows as a
    new row, and a change to an audited row as a new audit event. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'axes_%%' "
            "AND tablename NOT IN ('django_session', 'accounts_usersession') ORDER BY tablename"
        )
        tables = [t for (t,) in cursor.fetchall()]
        cursor.execute("SELECT " + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables))  # noqa: S608
        return tuple(zip(tables, cursor.fetchone(), strict=True))


def contact_data() -> set[str]:
    return set(Person.objects.exclude(email="").values_list("email", flat=True))


class Forms(HTMLParser):
    """The post forms of a page: action -> {field: first value}."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._action = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._action = a.get("action") or ""
            self.forms.setdefault(self._action, {})
        elif self._action is None or "name" not in a:
            return
        elif tag == "input" and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("checkbox", "radio") and a["name"] in self.forms[self._action]:
                return
            self.forms[self._action][a["name"]] = a.get("value") or ""
        elif tag in ("select", "textarea"):
            self.forms[self._action].setdefault(a["name"], "")
            self._textarea = a["name"] if tag == "textarea" else None

    def handle_data(self, data):
        if self._textarea and self._action is not None:
            self.forms[self._action][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._action = None
        if tag == "textarea":
            self._textarea = None


# --- The probes --------------------------------------------------------------------------------


def log_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def nasty_paths(name: str, kwargs: dict) -> list[str]:
    converters = next(c for ns, n, _p, c in patterns() if f"{ns}:{n}" == name)
    paths = []
    for key in kwargs:
        converter = type(converters.get(key)).__name__.lower().removesuffix("converter")
        for value in NASTY_ARGS.get(converter if converter in NASTY_ARGS else "str", []):
            try:
                paths.append(reverse(name, kwargs={**kwargs, key: value}))
            except NoReverseMatch:
                pass
    return paths


def check(response, where, *, anonymous: bool, emails: set[str]):
    assert response.status_code != 500, where
    if anonymous and response.get("Content-Type", "").startswith(("text/", "application/json")):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaked = set(EMAIL.findall(body.decode("utf-8", "replace"))) & emails
        assert not leaked, (where, leaked)


def probe(client, name: str, data: dict, people: dict, forms: dict[str, tuple[str, dict]]) -> None:
    kwargs = kwargs_for_all(data).get(name, {})
    url = reverse(name, kwargs=kwargs)
    emails = contact_data()
    owner, fields = forms.get(url, (None, {}))
    for who, user in people.items():
        anonymous = user is None
        outsider = anonymous or user.username == "utomstaende"
        # GET: every parameter nasty at once (the whole table for a visitor, fewer for the rest),
        # and nasty path arguments.
        log_in(client, user)
        values = [v for v in NASTY if len(v) < 10_000] if anonymous and name not in SLOW else FEW
        for value in values:
            query = encode(dict.fromkeys(PARAMS, value))
            check(client.get(f"{url}?{query}"), (who, name, value[:30]), anonymous=anonymous, emails=emails)
        for path in nasty_paths(name, kwargs):
            check(client.get(path), (who, path[:80]), anonymous=anonymous, emails=emails)
        # POST: an outsider's post, every field nasty, changes nothing; the user who was shown
        # the form posts it with one field at a time nasty; the other users post it as shown.
        if outsider:
            for value in FEW:
                before = fingerprint()
                body = encode(dict.fromkeys(fields, value) if fields else {"x": value})
                response = client.post(url, body, content_type="application/x-www-form-urlencoded")
                check(response, (who, "POST", name, value[:30]), anonymous=anonymous, emails=emails)
                if not (anonymous and name in ANONYMOUS_WRITES):
                    assert fingerprint() == before, (who, "POST", name, value[:30], response.status_code)
        elif who == owner:
            for field in fields:
                for value in FEW:
                    log_in(client, user)  # a post may have logged the user out (Logga ut överallt)
                    body = encode({**fields, field: value})
                    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
                    check(response, (who, "POST", name, field, value[:30]), anonymous=False, emails=emails)
        else:
            response = client.post(url, encode(fields), content_type="application/x-www-form-urlencoded")
            check(response, (who, "POST", name), anonymous=False, emails=emails)


def collect_forms(client, people: dict, data: dict, names: list[str]) -> dict[str, tuple[str, dict]]:
    """The post forms on every probed page, keyed by where they post: the first user shown the
    form, and its fields."""
    forms: dict[str, tuple[str, dict]] = {}
    for who, user in people.items():
        if user is None:
            continue
        log_in(client, user)
        for name in names:
            url = reverse(name, kwargs=kwargs_for_all(data).get(name, {}))
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            parser = Forms()
            parser.feed(response.content.decode())
            for action, fields in parser.forms.items():
                target = action.split("?")[0] or url
                fields = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
                if target not in forms or len(fields) > len(forms[target][1]):
                    forms[target] = (who, fields)
    return forms


@pytest.mark.parametrize("namespace", probed_namespaces())
def test_the_pages_survive_nasty_input_and_refuse_outsiders(client, loaded, namespace):
    names = [n for n in probed_names() if n.startswith(f"{namespace}:")]
    people = users()
    forms = collect_forms(client, people, loaded, names)
    assert forms or namespace in ("npo", "nsg"), "inga formulär hittades: då provas inga poster"
    for name in names:
        probe(client, name, loaded, people, forms)


def test_a_publishing_date_that_does_not_exist_is_a_404_not_a_500(client, loaded):
    from tests.factories import make_support_staff

    client.force_login(make_support_staff())
    for value in ("2026-02-30", "0001-01-01", "9999-12-31", "x", "2026-13-01"):
        url = reverse("nkk:publish_date", kwargs={"date": value})
        assert client.get(url).status_code == 404, value
        assert client.post(url, {"confirm": "1"}).status_code == 404, value


def test_the_fingerprint_sees_a_write(loaded):
    """The check above can fail: a new row changes the fingerprint."""
    before = fingerprint()
    Notice.objects.filter(pk=loaded["notice"]).update(read_at=datetime.datetime.now(datetime.UTC))
    PersonFactory()
    assert fingerprint() != before
