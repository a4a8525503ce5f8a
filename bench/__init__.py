"""Load benchmark: the portal on gunicorn and PostgreSQL with ten times the real data."""
