"""Employer support workflows: visits, suggestions, consulting requests, the services catalogue.

One module per workflow (``visits``, ``consulting``, ``services``); the ``do_*`` actions are
re-exported here so callers keep writing ``from iljari.support import actions``.
"""

from .consulting import (
    CONSULTING_FLOW,
    SLA_DAYS,
    consulting_within_limits,
    do_answer_consulting,
    do_assign_expert,
    do_confirm_consulting_request,
    do_purge_unconfirmed_consulting,
    do_reject_consulting,
    do_start_review,
    do_submit_consulting_request,
    sla_statistics,
    suggest_experts,
)
from .services import (
    SERVICE_FLOW,
    do_add_expert,
    do_apply_service,
    do_decide_service,
    do_record_service_usage,
    do_withdraw_service,
    eligibility_problems,
)
from .visits import SUGGESTION_FLOW, do_add_suggestion, do_move_suggestion, do_record_visit, visit_statistics

__all__ = [
    "CONSULTING_FLOW",
    "SERVICE_FLOW",
    "SLA_DAYS",
    "SUGGESTION_FLOW",
    "consulting_within_limits",
    "do_add_expert",
    "do_add_suggestion",
    "do_answer_consulting",
    "do_apply_service",
    "do_assign_expert",
    "do_confirm_consulting_request",
    "do_decide_service",
    "do_move_suggestion",
    "do_purge_unconfirmed_consulting",
    "do_record_service_usage",
    "do_record_visit",
    "do_reject_consulting",
    "do_start_review",
    "do_submit_consulting_request",
    "do_withdraw_service",
    "eligibility_problems",
    "sla_statistics",
    "suggest_experts",
    "visit_statistics",
]
