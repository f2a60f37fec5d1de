"""Template helpers of the employer portal and the counselor console."""

from django import template

register = template.Library()

BADGES = {
    "draft": "bg-light-gray",
    "pending": "bg-light-warning",
    "published": "bg-light-success",
    "closed": "bg-light-disabled",
    "approved": "bg-light-success",
    "rejected": "bg-light-danger",
    "received": "bg-light-primary",
    "screening": "bg-light-information",
    "interview": "bg-light-point",
    "accepted": "bg-light-success",
    "withdrawn": "bg-light-disabled",
    "proposed": "bg-light-primary",
    "seeker_accepted": "bg-light-information",
    "employer_review": "bg-light-warning",
    "hired": "bg-light-success",
    "not_hired": "bg-light-danger",
    "cancelled": "bg-light-disabled",
    "open": "bg-light-warning",
    "answered": "bg-light-success",
    "active": "bg-light-success",
    "employed": "bg-light-primary",
    "inactive": "bg-light-disabled",
}


@register.filter
def badge(status: str) -> str:
    """The KRDS badge colour class of a workflow state."""
    return BADGES.get(status, "bg-light-gray")
