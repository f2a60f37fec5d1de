"""A tiny explicit state machine: named states, allowed transitions, a transition log.

Usage in an app's actions.py::

    REFERRAL_FLOW = Workflow({"proposed": {"accepted", "cancelled"}, ...})
    REFERRAL_FLOW.move(referral, "accepted", actor=user, reason="...")

``move`` refuses an illegal transition with a Korean ``ValidationError`` and writes a
``TransitionLog`` row; the caller saves the object inside its own ``transaction.atomic``.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import TransitionLog


@dataclass(frozen=True)
class Workflow:
    transitions: dict[str, set[str]]
    field: str = "status"

    def allowed(self, state: str) -> set[str]:
        return self.transitions.get(state, set())

    def can_move(self, obj, to_state: str) -> bool:
        return to_state in self.allowed(getattr(obj, self.field))

    def record_start(self, obj, *, actor=None, reason: str = "") -> TransitionLog:
        """Log the creation of a workflow object in its initial state."""
        return self._log(obj, "", getattr(obj, self.field), actor, reason)

    def move(self, obj, to_state: str, *, actor=None, reason: str = "", save: bool = True) -> TransitionLog:
        from_state = getattr(obj, self.field)
        if to_state not in self.allowed(from_state):
            labels = dict(obj._meta.get_field(self.field).choices or [])
            raise ValidationError(
                _("'%(from)s' 상태에서 '%(to)s' 상태로 바꿀 수 없습니다.")
                % {"from": labels.get(from_state, from_state), "to": labels.get(to_state, to_state)},
                code="illegal_transition",
            )
        setattr(obj, self.field, to_state)
        if save:
            obj.save()
        return self._log(obj, from_state, to_state, actor, reason)

    @staticmethod
    def _log(obj, from_state: str, to_state: str, actor, reason: str) -> TransitionLog:
        return TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            from_state=from_state,
            to_state=to_state,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason,
        )


def history(obj):
    """The transition log of one object, oldest first."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")
