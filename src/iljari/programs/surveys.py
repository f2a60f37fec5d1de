"""Aggregation of 실태조사 responses into tables and chart data (one query per survey)."""

from collections import Counter, defaultdict
from statistics import mean, median

from django.db.models import Count

from .models import QuestionKind, Survey, SurveyAnswer


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
