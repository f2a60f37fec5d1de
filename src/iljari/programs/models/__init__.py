"""Job-creation programs (일자리 사업): yearly plans, targets, results, surveys.

Plan (organisation × year) → Strategy (핵심전략) → Program (사업) → Project (세부사업).
A multi-year program (e.g. 2020–2024 고용안정 선제대응 패키지) is a ``ProgramSeries``
that links the yearly ``Program`` rows of each year's plan.

Results come from three places, each counted once:
* placements (referrals.Placement) through an explicit ``Attribution`` row per
  (project, placement) — unique, so a hire counts once per project;
* training completions (``TrainingCompletion``), unique per (training, seeker);
* approved manual monthly entries (``ManualResult``) with evidence, for results the
  system does not record.

The models live by concern — ``plans`` (organisations and the plan tree), ``targets`` (targets,
attribution, manual results, the change rows), ``training`` and ``surveys`` — and this package
gives Django and the callers the whole set.
"""

from .plans import (
    Organisation,
    OrgKind,
    Plan,
    PlanStatus,
    Program,
    ProgramSeries,
    ProgramType,
    Project,
    Strategy,
)
from .surveys import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyAudience,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
    _new_token,  # the default of Survey.token, named so by migration 0001
)
from .targets import (
    METRIC_DEFINITIONS,
    METRIC_UNITS,
    Attribution,
    AttributionMethod,
    AttributionRule,
    ManualResult,
    ManualResultStatus,
    Metric,
    ResultsChange,
    Target,
)
from .training import CompletionStatus, Training, TrainingCompletion

__all__ = [
    "METRIC_DEFINITIONS",
    "METRIC_UNITS",
    "Attribution",
    "AttributionMethod",
    "AttributionRule",
    "CompletionStatus",
    "ManualResult",
    "ManualResultStatus",
    "Metric",
    "OrgKind",
    "Organisation",
    "Plan",
    "PlanStatus",
    "Program",
    "ProgramSeries",
    "ProgramType",
    "Project",
    "QuestionKind",
    "ResultsChange",
    "Strategy",
    "Survey",
    "SurveyAnswer",
    "SurveyAudience",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyStatus",
    "Target",
    "Training",
    "TrainingCompletion",
    "_new_token",
]
