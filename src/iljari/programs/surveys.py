"""실태조사: a response submitted (once per visitor), a survey closed, and the responses aggregated
into tables and chart data (one query per survey)."""

from collections import Counter, defaultdict
from statistics import mean, median

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from iljari.core.bounds import AMOUNT_MAX

from .actions import require_manager
from .models import QuestionKind, Survey, SurveyAnswer, SurveyResponse, SurveyStatus


@transaction.atomic
def do_submit_survey(
    *, survey: Survey, answers: dict[str, str], employer=None, root_sector: str = "", visitor_key: str = ""
) -> SurveyResponse:
    """Store one response to an open survey; answers are keyed by question code.

    ``visitor_key`` (a one-way key of the visitor) allows one response per visitor and survey:
    a second one is refused, a concurrent one stopped by the unique constraint."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError({"__all__": [_("마감된 조사입니다.")]})
    already = ValidationError(
        {"__all__": [_("이미 이 조사에 응답하셨습니다. 응답은 한 번만 할 수 있습니다.")]}
    )
    if visitor_key and SurveyResponse.objects.filter(survey=survey, visitor_key=visitor_key).exists():
        raise already
    errors: dict[str, list[str]] = {}
    rows = []
    for question in survey.questions.all():
        raw = (answers.get(question.code) or "").strip()
        if not raw:
            if question.required:
                errors[question.code] = [_("응답해 주세요.")]
            continue
        answer = SurveyAnswer(question=question)
        if question.kind == QuestionKind.NUMBER:
            try:
                answer.number = int(raw.replace(",", ""))
            except ValueError:
                errors[question.code] = [_("숫자로 입력해 주세요.")]
                continue
            if answer.number < 0:
                errors[question.code] = [_("0 이상의 숫자로 입력해 주세요.")]
                continue
            if answer.number > AMOUNT_MAX:
                errors[question.code] = [_("%(n)s 이하의 숫자로 입력해 주세요.") % {"n": f"{AMOUNT_MAX:,}"}]
                continue
        elif question.kind == QuestionKind.CHOICE:
            if raw not in question.choices:
                errors[question.code] = [_("보기 중에서 골라 주세요.")]
                continue
            answer.text = raw
        else:
            answer.text = raw[:500]
        rows.append(answer)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, employer=employer, root_sector=root_sector, visitor_key=visitor_key
            )
    except IntegrityError:
        raise already from None
    for answer in rows:
        answer.response = response
    SurveyAnswer.objects.bulk_create(rows)
    return response


@transaction.atomic
def do_close_survey(*, actor, survey: Survey) -> Survey:
    require_manager(actor)
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    return survey


def survey_summary(survey: Survey) -> dict:
    questions = list(survey.questions.all())
    numbers: dict[int, list[int]] = defaultdict(list)
    choices: dict[int, Counter] = defaultdict(Counter)
    texts: dict[int, list[str]] = defaultdict(list)
    for qid, number, text in SurveyAnswer.objects.filter(response__survey=survey).values_list(
        "question_id", "number", "text"
    ):
        if number is not None:
            numbers[qid].append(number)
        elif text:
            choices[qid][text] += 1
            texts[qid].append(text)
    by_sector = list(survey.responses.values("root_sector").annotate(n=Count("id")).order_by("-n"))
    rows = []
    for q in questions:
        row = {"question": q, "kind": q.kind}
        if q.kind == QuestionKind.NUMBER:
            values = numbers[q.pk]
            row.update(
                count=len(values),
                mean=round(mean(values), 1) if values else None,
                median=median(values) if values else None,
                min=min(values) if values else None,
                max=max(values) if values else None,
            )
        elif q.kind == QuestionKind.CHOICE:
            counter = choices[q.pk]
            total = sum(counter.values())
            row.update(
                count=total,
                distribution=[
                    {"label": c, "n": counter.get(c, 0), "share": (counter.get(c, 0) / total) if total else 0}
                    for c in q.choices
                ],
            )
        else:
            row.update(count=len(texts[q.pk]), samples=texts[q.pk][:10])
        rows.append(row)
    return {"responses": survey.responses.count(), "questions": rows, "by_sector": by_sector}
