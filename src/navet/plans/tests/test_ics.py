from datetime import UTC, datetime

from navet.plans.ics import escape_text, fold, meeting_ics


def parse(text: str) -> dict:
    """A strict little RFC 5545 reader: CRLF only, unfold, then NAME:VALUE."""
    assert "\n" not in text.replace("\r\n", "")
    assert text.endswith("\r\n")
    unfolded = text.replace("\r\n ", "")
    props = {}
    for line in unfolded.split("\r\n")[:-1]:
        name, _, value = line.partition(":")
        props.setdefault(name, value)
    return props


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def test_the_calendar_file_parses_and_round_trips():
    description = (
        "Möte om SIP; ta med läkemedelslistan, och frågor.\n"
        "Video: bara identifierade \\ deltagare. " * 3
    )
    text = meeting_ics(
        uid="sip-meeting-7@navet",
        starts_at=datetime(2026, 3, 12, 12, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 12, 13, 0, tzinfo=UTC),
        summary="SIP-möte",
        location="Video",
        description=description,
        url="https://video.example.invalid/sip/abc",
        stamp=datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
    )
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    props = parse(text)
    assert props["BEGIN"] == "VCALENDAR" and props["VERSION"] == "2.0"
    assert props["DTSTART"] == "20260312T120000Z" and props["DTEND"] == "20260312T130000Z"
    assert unescape(props["DESCRIPTION"]) == description
    assert props["UID"] == "sip-meeting-7@navet"


def test_escaping_and_folding():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("X" * 200)
    assert folded.replace("\r\n ", "") == "X" * 200
    assert fold("å" * 60).replace("\r\n ", "") == "å" * 60
