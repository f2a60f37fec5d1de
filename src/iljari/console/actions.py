"""Counselor console state changes: first contacts, vacancy review, bulk approvals."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iljari.employers.actions import text
from iljari.vacancies.actions import VACANCY_FLOW
from iljari.vacancies.models import Vacancy, VacancyStatus

from .models import SeekerContact


@transaction.atomic
def do_mark_contacted(*, seekers, counselor, note: str = "") -> list[SeekerContact]:
    """Record that the job center has contacted these newly registered seekers."""
    seekers = list(seekers)
    if not seekers:
        raise ValidationError({"ids": _("구직자를 한 명 이상 선택해 주세요.")}, code="required")
    return SeekerContact.objects.bulk_create(
        [SeekerContact(seeker=s, counselor=counselor, note=text(note)[:300]) for s in seekers]
    )


@transaction.atomic
def do_return_vacancy(*, vacancy, actor, reason: str):
    """Staff send a submitted vacancy back to the company (승인대기 → 작성중) with a reason.

    iljari.vacancies.actions has no action for this yet; it uses the vacancy workflow directly.
    """
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    VACANCY_FLOW.move(vacancy, VacancyStatus.DRAFT, actor=actor, reason=text(reason))
    return vacancy


def run_bulk(items, action, label=str) -> tuple[list, list[str]]:
    """Apply ``action(item)`` to each item in its own transaction; report what failed and why.

    One refused item (e.g. a vacancy of a company not yet approved) does not undo the others, and
    each item is all-or-nothing.
    """
    done, failures = [], []
    for item in items:
        try:
            with transaction.atomic():
                done.append(action(item))
        except ValidationError as exc:
            failures.append(f"{label(item)}: {' '.join(exc.messages)}")
    return done, failures
