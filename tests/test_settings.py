"""Settings: production passes Django's deployment checks with real values; PostgreSQL only."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env_overrides: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "kunskapsstyrning.settings.production",
        "SECRET_KEY": "x7$Kq!v9#Lm2@Pz5&Rt8^Wy1*Bn4(Hd6)Jf3_Gs0+Ce-Ua=Ti[Ox]Yk{Nl}Qp",
        "ALLOWED_HOSTS": "kunskapsstyrning.example.se",
        **env_overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_real_values():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "DJANGO_SETTINGS_MODULE": "kunskapsstyrning.settings.production", "ALLOWED_HOSTS": "x.se"},
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the SECRET_KEY environment variable" in result.stderr


def test_without_database_url_the_portal_uses_the_embedded_server_of_make_run():
    from kunskapsstyrning.settings import base

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import embedded_pg
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert base.EMBEDDED_DATABASE_URL == embedded_pg.url(embedded_pg.DEFAULT_PORT)


def test_another_database_than_postgresql_is_refused_in_swedish(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/portal.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="Portalen kräver PostgreSQL"):
        runpy.run_path(str(ROOT / "kunskapsstyrning" / "settings" / "base.py"))


@pytest.mark.django_db
def test_the_database_offers_the_extensions_and_text_search_the_portal_relies_on():
    with transaction.atomic(), connection.cursor() as cursor:
        for extension in ("btree_gist", "pg_trgm", "unaccent"):
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        cursor.execute("SELECT unaccent('Åsa Öberg'), to_tsvector('swedish', 'hästarna'), similarity('Örjan', 'Orjan')")
        plain, vector, similarity = cursor.fetchone()
        transaction.set_rollback(True)
    assert plain == "Asa Oberg" and vector == "'häst':1" and similarity > 0
