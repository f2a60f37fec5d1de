"""A small explicit state machine: named states, allowed transitions, the rules of entering a state,
and a transition log.

Each app declares its workflow once in its ``actions.py``::

    CASE_FLOW = Workflow(
        {S.INTAKE: {S.PLANNING, S.CLOSED}, ...},
        field="stage",
        required={S.CLOSED: Required(gettext_lazy("종결 사유를 입력해 주세요."))},
        on_enter={S.CLOSED: [_stamp_closed_on]},
    )
    CASE_FLOW.move(case, S.CLOSED, actor=user, reason="...")

``move`` checks, in this order, the text a state requires (a field-level Korean ``ValidationError``),
the guards of the state entered, and that the transition is allowed (a Korean ``ValidationError``);
then it sets the state, runs the state's on-enter hooks (in the caller's transaction: they set the
object's other fields, write related rows, queue notices), saves the object unless told not to, and
writes the ``TransitionLog`` row (who, when, from, to, why). The caller holds the
``transaction.atomic``, so a failure anywhere undoes the move, its hooks and its log row together.
"""

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TransitionLog


@dataclass(frozen=True)
class Move:
    """One move under way, as the rules and hooks see it: the object (its state already set when a
    hook runs), where it comes from and goes to, who moves it, why, and the action's own values."""

    obj: Any
    from_state: str
    to_state: str
    actor: Any
    reason: str
    data: Mapping[str, Any]

    def text(self, name: str) -> str:
        """A text the move carries: ``reason`` or one of the action's values, '' when absent."""
        value = self.reason if name == "reason" else self.data.get(name)
        return str(value or "")


Hook = Callable[[Move], None]


@dataclass(frozen=True)
class Required:
    """Entering the state needs a text (a reason, a result): ``message`` is the field error under
    ``field`` when it is blank. ``when`` narrows the rule (e.g. only moves made by a person)."""

    message: str | Promise
    field: str = "reason"
    when: Callable[[Move], bool] | None = None

    def check(self, move: Move) -> None:
        if self.when is not None and not self.when(move):
            return
        if not move.text(self.field).strip():
            raise ValidationError({self.field: ValidationError(str(self.message), code="required")})


#: the rule most rejections share
REJECTION_REASON = Required(gettext_lazy("반려 사유를 입력해 주세요."))


@dataclass(frozen=True)
class Workflow:
    transitions: Mapping[str, set[str]]
    field: str = "status"
    #: state → the text entering it needs
    required: Mapping[str, Required] = dataclasses.field(default_factory=dict)
    #: state → checks that may refuse entering it (raise ``ValidationError``) before anything changes
    guards: Mapping[str, Sequence[Hook]] = dataclasses.field(default_factory=dict)
    #: state → hooks run once each time the state is entered by ``move``, after the state is set and
    #: before the object is saved (not by ``record_start``: creating an object sets its own fields)
    on_enter: Mapping[str, Sequence[Hook]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        states = set(self.transitions)
        for rules in (self.required, self.guards, self.on_enter):
            unknown = set(rules) - states
            if unknown:
                raise ValueError(f"rules for states outside the workflow: {sorted(unknown)}")

    def allowed(self, state: str) -> set[str]:
        return self.transitions.get(state, set())

    def can_move(self, obj, to_state: str) -> bool:
        return to_state in self.allowed(getattr(obj, self.field))

    def record_start(self, obj, *, actor=None, reason: str = "") -> TransitionLog:
        """Log the creation of a workflow object in its initial state."""
        return self._log(obj, "", getattr(obj, self.field), actor, reason)

    def check(self, obj, to_state: str, *, actor=None, reason: str = "", **data) -> Move:
        """Refuse a move its rules forbid (``ValidationError``); nothing is changed either way."""
        move = Move(obj, getattr(obj, self.field), to_state, actor, reason, data)
        rule = self.required.get(to_state)
        if rule is not None:
            rule.check(move)
        for guard in self.guards.get(to_state, ()):
            guard(move)
        if to_state not in self.allowed(move.from_state):
            labels = dict(obj._meta.get_field(self.field).choices or [])
            raise ValidationError(
                _("'%(from)s' 상태에서 '%(to)s' 상태로 바꿀 수 없습니다.")
                % {
                    "from": labels.get(move.from_state, move.from_state),
                    "to": labels.get(to_state, to_state),
                },
                code="illegal_transition",
            )
        return move

    def move(
        self, obj, to_state: str, *, actor=None, reason: str = "", save: bool = True, **data
    ) -> TransitionLog:
        """Check, enter ``to_state``, run its hooks, save (unless ``save=False``: the caller saves
        with its own ``update_fields``) and log. ``data`` are the action's values its rules and hooks
        read (``move.data``)."""
        move = self.check(obj, to_state, actor=actor, reason=reason, **data)
        setattr(obj, self.field, to_state)
        for hook in self.on_enter.get(to_state, ()):
            hook(move)
        if save:
            obj.save()
        return self._log(obj, move.from_state, to_state, actor, reason)

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
