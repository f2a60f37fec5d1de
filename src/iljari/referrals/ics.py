"""iCalendar (RFC 5545) export of interviews, written by hand: a few fields, correctly escaped and folded."""

from django.utils import timezone
from django.utils.translation import gettext as _


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, ; and , escaped; every line break (CRLF, bare CR or LF) as \\n;
    other control characters (forbidden in TEXT, and a bare CR would start a new property in
    some readers) dropped."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or ord(ch) == 127))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def interview_event(interview, host: str = "iljari") -> list[str]:
    import datetime as dt

    referral = interview.referral
    summary = (
        f"[{interview.get_kind_display()}] {referral.vacancy.employer.name} — {referral.seeker.initials}"
    )
    description = [_("공고: %(title)s") % {"title": referral.vacancy.title}]
    if interview.counselor_id:
        description.append(_("동행 상담사: %(name)s") % {"name": interview.counselor.display_name})
    if interview.meeting_point:
        description.append(_("만나는 곳: %(place)s") % {"place": interview.meeting_point})
    if interview.transport_note:
        description.append(_("교통 안내: %(note)s") % {"note": interview.transport_note})
    if interview.company_contact:
        description.append(_("기업 면접관: %(contact)s") % {"contact": interview.company_contact})
    utc = dt.UTC
    lines = [
        "BEGIN:VEVENT",
        f"UID:interview-{interview.pk}@{host}",
        f"DTSTAMP:{timezone.now().astimezone(utc):%Y%m%dT%H%M%SZ}",
        f"DTSTART:{interview.starts_at.astimezone(utc):%Y%m%dT%H%M%SZ}",
        f"DTEND:{interview.ends_at.astimezone(utc):%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(interview.place)}",
        f"DESCRIPTION:{_escape(chr(10).join(description))}",
        "STATUS:" + ("CANCELLED" if interview.status == "cancelled" else "CONFIRMED"),
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT1H",
        f"DESCRIPTION:{_escape(summary)}",
        "END:VALARM",
        "END:VEVENT",
    ]
    return lines


def calendar(interviews, host: str = "iljari", name: str | None = None) -> str:
    """A VCALENDAR with ``interviews``; ``name`` defaults to "면접 일정" in the active language."""
    if name is None:
        name = _("면접 일정")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//iljari//interviews//KO",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for interview in interviews:
        lines.extend(interview_event(interview, host))
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
