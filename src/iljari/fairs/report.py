"""The figures of a fair once it is held: companies, registrations, interviews, hires."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from .models import Event, InterviewResult, InterviewStatus, ParticipationStatus, RegistrationStatus


def event_report(event: Event) -> dict:
    parts = list(event.participations.filter(status=ParticipationStatus.APPROVED).select_related("employer"))
    ivs = list(event.interviews.exclude(status=InterviewStatus.CANCELLED))
    regs = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    first = [iv for iv in ivs if iv.status == InterviewStatus.DONE]
    second = [iv for iv in ivs if iv.reached_second_round]
    hires = [iv for iv in ivs if iv.result == InterviewResult.HIRED]
    per_company = []
    done_by = Counter(iv.participation_id for iv in first)
    second_by = Counter(iv.participation_id for iv in second)
    hires_by = Counter(iv.participation_id for iv in hires)
    sched_by = Counter(iv.participation_id for iv in ivs)
    for p in parts:
        per_company.append(
            {
                "booth": p.booth_label,
                "company": p.employer.name,
                "interviewers": p.interviewers,
                "scheduled": sched_by[p.pk],
                "first": done_by[p.pk],
                "second": second_by[p.pk],
                "hired": hires_by[p.pk],
            }
        )
    figures = {
        "companies": len(parts),
        "registered": regs.filter(status=RegistrationStatus.REGISTERED).count(),
        "walk_ins": regs.filter(status=RegistrationStatus.WALK_IN).count(),
        "checked_in": regs.filter(checked_in_at__isnull=False).count(),
        "scheduled": len(ivs),
        "no_shows": sum(1 for iv in ivs if iv.status == InterviewStatus.NO_SHOW),
        "first_interviews": len(first),
        "second_interviews": len(second),
        "hires": len(hires),
    }
    summary = _("참여기업 %(c)d곳, 1차 면접 %(f)d건, 2차 면접 %(s)d건, 현장 채용 %(h)d명") % {
        "c": figures["companies"],
        "f": figures["first_interviews"],
        "s": figures["second_interviews"],
        "h": figures["hires"],
    }
    return {"event": event, "figures": figures, "summary": summary, "per_company": per_company}
