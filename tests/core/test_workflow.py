"""The workflow mechanism every app's state changes go through (core/workflow.py), on a company's
approval status: required texts, guards, illegal moves, on-enter hooks, the log, the transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from iljari.core.models import TransitionLog
from iljari.core.workflow import REJECTION_REASON, Move, Required, Workflow, history
from iljari.employers.models import Employer, EmployerStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

TRANSITIONS = {
    EmployerStatus.PENDING: {EmployerStatus.APPROVED, EmployerStatus.REJECTED},
    EmployerStatus.APPROVED: {EmployerStatus.REJECTED},
    EmployerStatus.REJECTED: {EmployerStatus.PENDING},
}


def _pending():
    return f.EmployerFactory(status=EmployerStatus.PENDING, description="")


def test_a_state_that_needs_a_reason_refuses_a_blank_one_and_changes_nothing(counselor):
    flow = Workflow(TRANSITIONS, required={EmployerStatus.REJECTED: REJECTION_REASON})
    employer = _pending()
    for blank in ("", "   \n"):
        with pytest.raises(ValidationError) as info:
            flow.move(employer, EmployerStatus.REJECTED, actor=counselor, reason=blank)
        assert info.value.message_dict == {"reason": ["반려 사유를 입력해 주세요."]}
        assert info.value.error_dict["reason"][0].code == "required"
    assert employer.status == EmployerStatus.PENDING
    assert Employer.objects.get(pk=employer.pk).status == EmployerStatus.PENDING
    assert not history(employer).exists()
    flow.move(employer, EmployerStatus.REJECTED, actor=counselor, reason="서류 미비")
    assert Employer.objects.get(pk=employer.pk).status == EmployerStatus.REJECTED


def test_a_required_text_can_be_another_field_and_apply_only_when_its_condition_holds(counselor):
    answer = Required("처리 결과를 입력해 주세요.", field="resolution", when=lambda m: m.actor is not None)
    flow = Workflow(TRANSITIONS, required={EmployerStatus.REJECTED: answer})
    employer = _pending()
    with pytest.raises(ValidationError) as info:
        flow.move(employer, EmployerStatus.REJECTED, actor=counselor, reason="사유는 있지만 결과가 없음")
    assert info.value.message_dict == {"resolution": ["처리 결과를 입력해 주세요."]}
    flow.move(employer, EmployerStatus.REJECTED, actor=None)  # a move the system makes needs no text
    assert employer.status == EmployerStatus.REJECTED


def test_an_illegal_transition_is_refused_in_korean_with_the_state_labels(counselor):
    flow = Workflow(TRANSITIONS, required={EmployerStatus.REJECTED: REJECTION_REASON})
    employer = f.EmployerFactory(status=EmployerStatus.APPROVED)
    with pytest.raises(ValidationError) as info:
        flow.move(employer, EmployerStatus.PENDING, actor=counselor)
    assert info.value.messages == ["'승인' 상태에서 '승인 대기' 상태로 바꿀 수 없습니다."]
    assert info.value.code == "illegal_transition"
    assert employer.status == EmployerStatus.APPROVED and not history(employer).exists()
    # the required text is checked first, as the apps' forms expect a field error for it
    rejected = f.EmployerFactory(status=EmployerStatus.REJECTED)
    with pytest.raises(ValidationError) as info:
        flow.move(rejected, EmployerStatus.REJECTED, actor=counselor)
    assert set(info.value.message_dict) == {"reason"}


def test_on_enter_hooks_run_once_with_the_state_set_and_are_saved_and_logged(counselor):
    seen: list[tuple[str, str, str, str]] = []

    def stamp(move: Move) -> None:
        seen.append((move.from_state, move.obj.status, move.reason, move.data["note"]))
        move.obj.description = move.data["note"]

    flow = Workflow(TRANSITIONS, on_enter={EmployerStatus.APPROVED: [stamp]})
    employer = _pending()
    log = flow.move(employer, EmployerStatus.APPROVED, actor=counselor, reason="현장 확인", note="승인 메모")
    assert seen == [(EmployerStatus.PENDING, EmployerStatus.APPROVED, "현장 확인", "승인 메모")]
    saved = Employer.objects.get(pk=employer.pk)
    assert (saved.status, saved.description) == (EmployerStatus.APPROVED, "승인 메모")
    assert [(r.from_state, r.to_state, r.reason, r.actor) for r in history(employer)] == [
        (EmployerStatus.PENDING, EmployerStatus.APPROVED, "현장 확인", counselor)
    ]
    assert log == history(employer).get()
    flow.move(
        employer, EmployerStatus.REJECTED, actor=counselor
    )  # no hook of its own: the approval's stays once
    assert len(seen) == 1


def test_a_guard_refuses_before_anything_changes_or_any_hook_runs(counselor):
    ran = []

    def no_rejections_today(move: Move) -> None:
        raise ValidationError("오늘은 반려할 수 없습니다.", code="closed")

    flow = Workflow(
        TRANSITIONS,
        guards={EmployerStatus.REJECTED: [no_rejections_today]},
        on_enter={EmployerStatus.REJECTED: [ran.append]},
    )
    employer = _pending()
    with pytest.raises(ValidationError, match="오늘은 반려할 수 없습니다"):
        flow.move(employer, EmployerStatus.REJECTED, actor=counselor, reason="사유")
    assert ran == [] and employer.status == EmployerStatus.PENDING and not history(employer).exists()


def test_the_move_its_hooks_and_its_log_roll_back_with_the_callers_transaction(counselor):
    other = f.EmployerFactory(name="(주)다른회사")

    def touch_other(move: Move) -> None:
        Employer.objects.filter(pk=other.pk).update(name="(주)바뀐회사")

    flow = Workflow(TRANSITIONS, on_enter={EmployerStatus.APPROVED: [touch_other]})
    employer = _pending()
    logs_before = TransitionLog.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        flow.move(employer, EmployerStatus.APPROVED, actor=counselor)
        assert Employer.objects.get(pk=other.pk).name == "(주)바뀐회사"
        raise RuntimeError("the action fails after the move")
    assert Employer.objects.get(pk=employer.pk).status == EmployerStatus.PENDING
    assert Employer.objects.get(pk=other.pk).name == "(주)다른회사"
    assert TransitionLog.objects.count() == logs_before

    def refuse(move: Move) -> None:
        raise ValidationError("훅에서 거절")

    flow = Workflow(TRANSITIONS, on_enter={EmployerStatus.APPROVED: [touch_other, refuse]})
    with pytest.raises(ValidationError), transaction.atomic():
        flow.move(employer, EmployerStatus.APPROVED, actor=counselor)
    assert Employer.objects.get(pk=other.pk).name == "(주)다른회사"
    assert Employer.objects.get(pk=employer.pk).status == EmployerStatus.PENDING
    assert TransitionLog.objects.count() == logs_before


def test_rules_for_a_state_outside_the_workflow_are_a_programming_error():
    with pytest.raises(ValueError, match="outside the workflow"):
        Workflow(TRANSITIONS, on_enter={"archived": [print]})
