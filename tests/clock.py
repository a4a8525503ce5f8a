"""One fixed instant in Stockholm for every test whose answer depends on today's date.

`pytestmark = [..., frozen]` (or `@frozen` on one test) stops the clock there with time-machine,
so "current", "upcoming", "within 90 days" and "valid for a year" mean the same whenever the
suite runs. The marker is time-machine's own: `time_machine.travel(NOW, tick=False)`.
"""

import datetime
import zoneinfo

import pytest

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()

frozen = pytest.mark.time_machine(NOW, tick=False)
