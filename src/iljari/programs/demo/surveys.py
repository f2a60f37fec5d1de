"""The center plan's two surveys (data/demo_surveys.toml), with the demo's answers."""

import random
from typing import Any

from iljari.employers.models import EmployerStatus

from ..models import Plan, QuestionKind, Survey, SurveyAnswer, SurveyAudience, SurveyQuestion, SurveyResponse
from .seeder import SURVEYS, Seeder

# weights of a choice question's options, first to last
CHOICE_WEIGHTS = [40, 30, 20, 10, 5]


def draw_number(question: dict[str, Any], rng: random.Random) -> int:
    """A number answer as the question's data says to draw it (randint, randrange or choice)."""
    if "randint" in question:
        return rng.randint(*question["randint"])
    if "randrange" in question:
        return rng.randrange(*question["randrange"])
    return rng.choice(question["choice"])


def _answers(
    responses, questions, draws: dict[str, dict[str, Any]], rng: random.Random
) -> list[SurveyAnswer]:
    answers = []
    for response in responses:
        for q in questions:
            answer = SurveyAnswer(response=response, question=q)
            if q.kind == QuestionKind.NUMBER:
                answer.number = draw_number(draws[q.code], rng)
            elif q.kind == QuestionKind.CHOICE:
                answer.text = rng.choices(q.choices, CHOICE_WEIGHTS[: len(q.choices)])[0]
            else:
                if rng.random() < 0.5:
                    continue
                answer.text = rng.choice(SURVEYS["requests"])
            answers.append(answer)
    return answers


def seed_surveys(s: Seeder, center, plan: Plan) -> None:
    rng = s.rng
    employers = [e for e in s.ctx.employers if e.status == EmployerStatus.APPROVED]
    for spec in SURVEYS["surveys"]:
        audience = SurveyAudience(spec["audience"])
        n = spec["respondents"]
        if audience == SurveyAudience.COMPANY:
            n = min(n, max(len(employers), 1))
        survey = Survey.objects.create(
            organisation=center,
            plan=plan,
            title=spec["title"].format(year=plan.year),
            audience=audience,
            intro=SURVEYS["intro"],
        )
        questions = SurveyQuestion.objects.bulk_create(
            [
                SurveyQuestion(
                    survey=survey,
                    order=i,
                    code=q["code"],
                    text=q["text"],
                    kind=QuestionKind(q["kind"]),
                    choices=q.get("choices", []),
                    unit=q.get("unit", ""),
                    required=q["kind"] != QuestionKind.TEXT,
                )
                for i, q in enumerate(spec["questions"], start=1)
            ]
        )
        responses = SurveyResponse.objects.bulk_create(
            [
                SurveyResponse(
                    survey=survey,
                    employer=employer,
                    root_sector=employer.root_sector if employer else "",
                )
                for employer in (
                    employers[i % len(employers)]
                    if audience == SurveyAudience.COMPANY and employers
                    else None
                    for i in range(n)
                )
            ]
        )
        draws = {q["code"]: q for q in spec["questions"] if q["kind"] == QuestionKind.NUMBER}
        SurveyAnswer.objects.bulk_create(_answers(responses, questions, draws, rng), batch_size=2000)
