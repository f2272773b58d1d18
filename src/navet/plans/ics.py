"""A minimal iCalendar (RFC 5545) writer for one meeting: CRLF line ends, TEXT escaping
(backslash, semicolon, comma, newline) and lines folded at 75 octets. Standard library only."""

from __future__ import annotations

from datetime import UTC, datetime


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line so that no physical line exceeds 75 octets (UTF-8 kept whole)."""
    out: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines begin with one space
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    location: str = "",
    description: str = "",
    url: str = "",
    stamp: datetime,
    sequence: int = 0,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Navet//SIP//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(ends_at)}",
        f"SEQUENCE:{sequence}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def plan_meeting_ics(meeting) -> str:
    """The calendar file of a SIP meeting. No name or identity number: calendars are shared and
    synced."""
    from navet.plans import config

    if meeting.video_link:
        location = f"Video: {meeting.video_link}"
        description = "SIP-möte via video. " + " ".join(config.video_provider()["rules"])
    else:
        location = meeting.place
        description = "SIP-möte."
    return meeting_ics(
        uid=f"sip-meeting-{meeting.pk}@navet",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary="SIP-möte",
        location=location,
        description=description,
        url=meeting.video_link,
        stamp=meeting.created_at,
    )


def filename_for(meeting) -> str:
    return f"sip-mote-{meeting.pk}.ics"
