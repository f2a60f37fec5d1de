"""Builders for fair tests (factories, not mocks)."""

import datetime as dt

from django.utils import timezone

from iljari.fairs import actions
from iljari.fairs.models import EventKind, EventMode, EventStatus

from .. import factories as f


def make_event(organiser, **kw):
    fields = dict(
        title="남동 뿌리산업 채용박람회",
        kind=EventKind.FAIR,
        mode=EventMode.OFFLINE,
        venue="남동구청 대강당",
        halls="1관",
        date=timezone.localdate() + dt.timedelta(days=14),
        start_time=dt.time(10, 0),
        end_time=dt.time(12, 0),
        slot_minutes=20,
    )
    fields.update(kw)
    return actions.do_create_event(actor=organiser, **fields)


def open_event(event, organiser):
    return actions.do_move_event(event=event, to_status=EventStatus.OPEN, actor=organiser)


def approved_booth(event, organiser, interviewers=1, **booth):
    employer = f.EmployerFactory()
    vacancy = f.VacancyFactory(employer=employer)
    part = actions.do_apply_participation(
        event=event, employer=employer, actor=organiser, interviewers=interviewers, vacancies=[vacancy]
    )
    part = actions.do_review_participation(participation=part, approve=True, actor=organiser)
    if booth:
        part = actions.do_update_booth(participation=part, actor=organiser, **booth)
    return part


def registered(event, parts, **kw):
    seeker = f.SeekerFactory()
    return actions.do_register_seeker(event=event, seeker=seeker, actor=seeker.user, choices=parts, **kw)
