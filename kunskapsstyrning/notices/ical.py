"""A minimal RFC 5545 writer: all-day events are all the calendar feed needs.

Written by hand rather than with a library: twenty lines, and the escaping and line folding
rules are the only subtle parts (tested).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""
    url: str = ""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _date(day: datetime.date) -> str:
    """YYYYMMDD with four-digit years (strftime drops the leading zeros of years before 1000)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def calendar(name: str, events: list[AllDayEvent]) -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kunskapsstyrningsportalen//SV",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
        ]
        if event.day < datetime.date.max:  # without DTEND an all-day event lasts its one day
            lines.append(f"DTEND;VALUE=DATE:{_date(event.day + datetime.timedelta(days=1))}")
        lines.append(f"SUMMARY:{_escape(event.summary)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
