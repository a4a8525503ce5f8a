"""The production-like stack file is valid and refuses to start without its secrets."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRETS = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "portal.example.se", "POSTGRES_PASSWORD": "pw"}


def compose_config(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_is_valid_and_wires_every_service():
    result = compose_config(**SECRETS)
    assert result.returncode == 0, result.stderr
    config = result.stdout
    for service in ("postgres:", "redis:", "web:", "worker:", "beat:", "migrate:"):
        assert f"  {service}" in config
    assert "gunicorn" in config and "kunskapsstyrning.wsgi" in config
    assert "DATABASE_URL: postgres://portal:pw@postgres:5432/portal" in config


def test_compose_refuses_to_run_without_a_secret_key():
    result = compose_config(**{k: v for k, v in SECRETS.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY måste sättas" in result.stderr
