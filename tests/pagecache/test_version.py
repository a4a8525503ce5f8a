"""The content version: what moves it, what does not, and that writers never wait for it."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client

from kunskapsstyrning.organisation import services as organisation
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, Hosting
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.pagecache import triggers, version
from tests.concurrency import overlapping
from tests.factories import GroupFactory, HealthcareRegionFactory, PersonFactory

from .conftest import number

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_step_per_transaction_whatever_it_writes():
    before = number()
    with transaction.atomic():
        for i in range(5):
            GroupFactory(name=f"Grupp {i}")
        Group.objects.update(note="Ändrad")
    assert number() == before + 1
    GroupFactory(name="En till")  # autocommit: its own transaction
    assert number() == before + 2


def test_rollback_moves_nothing(visitor, django_assert_num_queries):
    GroupFactory(name="Exempelområdet")
    visitor.miss("/katalog/")
    before = number()
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.update(name="Aldrig sparat")
        raise RuntimeError
    assert number() == before
    response = visitor.hit("/katalog/", django_assert_num_queries)
    assert "Aldrig sparat" not in response.content.decode()


def test_savepoint_rolled_back_then_written_again_counts():
    before = number()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            GroupFactory(name="I en savepoint")
            raise RuntimeError
        GroupFactory(name="Efter savepointen")
    assert number() == before + 1


def test_reads_and_excluded_tables_move_nothing():
    before = number()
    list(Group.objects.all())
    user = get_user_model().objects.create_user("besokare", password="hemligt-losen")
    assert number() == before + 1  # a new account is content (names may be shown)
    client = Client()
    client.force_login(user)  # a session row and last_login
    assert get_user_model().objects.get(pk=user.pk).last_login is not None
    client.get("/katalog/")
    assert number() == before + 1
    user.first_name = "Nytt"
    user.save()
    assert number() == before + 2


def test_a_long_transaction_blocks_no_other_writer():
    """Two writers at once: the second commits while the first is still open, nobody waits."""
    region = HealthcareRegionFactory()
    group_a, group_b = GroupFactory(name="A-området"), GroupFactory(name="B-området")
    before = number()
    first_open, second_done = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                organisation.group_rename(group=group_a, name="A, nytt namn")
                first_open.set()
                outcome["second finished while first open"] = second_done.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_open.wait(timeout=10)
    organisation.hosting_transfer(group=group_b, host=region, start_date=today())
    second_done.set()
    thread.join(timeout=30)
    assert outcome == {"second finished while first open": True}
    assert number() == before + 2


def test_no_deadlock_with_deferred_foreign_key_checks():
    """A roster edit holds its group FOR UPDATE; another writer adds a hosting of that group, whose
    foreign-key check waits at commit. With a shared counter row taken at commit, the second
    would hold the counter while waiting for the group, and the first, committing, would wait for
    the counter: a deadlock. Rows of their own make both commit."""
    group = GroupFactory(name="Låst område")
    other = GroupFactory(name="Annat område")
    region = HealthcareRegionFactory()
    before = number()

    def roster_edit():
        organisation.membership_create(person=PersonFactory.build(), group=group, role=Role.MEMBER, start_date=today())

    def hosting_elsewhere_then_here():
        with transaction.atomic():
            Group.objects.filter(pk=other.pk).update(note="först en annan rad")
            Hosting.objects.create(group=group, healthcare_region=region, kind="vardskap", start_date=today())

    assert overlapping(roster_edit, hosting_elsewhere_then_here, refused=()) == ["ok", "ok"]
    assert number() == before + 2


def test_every_table_has_the_triggers_or_a_reason():
    tables = set(triggers.recorded_tables())
    installed = triggers.installed()
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor, include_views=False))
    assert set(triggers.content_tables()) and set(triggers.PERSONAL) <= tables
    for table in tables:
        assert set(triggers.wanted(table)) == installed.get(table, set()), table
    assert not (set(triggers.EXCLUDED) & set(installed))
    assert not (set(triggers.EXCLUDED) & set(triggers.PERSONAL))
    # The lists name real tables only (a renamed table would otherwise slip back in).
    for listed in (triggers.EXCLUDED, triggers.PERSONAL):
        assert set(listed) <= present, set(listed) - present
        assert all(reason for reason in listed.values())


def test_a_personal_write_moves_only_the_personal_number():
    from kunskapsstyrning.notices.models import Preference

    person = PersonFactory()  # content: rosters show people
    before = version.current()
    preference = Preference.objects.create(person=person, kind="nkk.revision")
    after = version.current()
    assert (after.number, after.personal) == (before.number, before.personal + 1)
    Preference.objects.filter(pk=preference.pk).update(delivery="sammanstallning")
    with transaction.atomic():  # one transaction writing both scopes moves both, once each
        Preference.objects.filter(pk=preference.pk).update(delivery="av")
        GroupFactory(name="Samtidigt")
    later = version.current()
    assert (later.number, later.personal) == (after.number + 1, after.personal + 2)
    version.fold()
    folded = version.current()
    assert (folded.number, folded.personal, folded.pending) == (later.number, later.personal, 0)


def test_a_table_added_later_gets_the_triggers():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE pagecache_test_later (id int PRIMARY KEY, name text)")
    try:
        assert triggers.install() >= 2
        assert triggers.install() == 0  # idempotent
        before = number()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO pagecache_test_later VALUES (1, 'x')")
        assert number() == before + 1
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE pagecache_test_later")
        assert number() == before + 2
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE pagecache_test_later")


def test_folding_keeps_the_number():
    for i in range(3):
        GroupFactory(name=f"Vikt {i}")
    before = version.current()
    assert before.pending >= 3
    version.fold()
    after = version.current()
    assert (after.number, after.epoch, after.pending) == (before.number, before.epoch, 0)
    GroupFactory(name="Efter vikningen")
    assert version.current().number == before.number + 1
