"""Development on one machine: SQLite, filesystem broker, mail to the console."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
