"""/api/notifications: my messages and opt-outs; the delivery log for staff."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router

from . import actions
from .models import Channel, Delivery, DeliveryStatus, OptOut
from .views import can_view_log

router = Router(tags=["notifications"])


def _out(d: Delivery) -> dict:
    return {
        "id": d.pk,
        "channel": d.channel,
        "template_key": d.template_key,
        "subject": d.subject,
        "status": d.status,
        "created_at": d.created_at,
        "sent_at": d.sent_at,
    }


@router.get("/mine", summary="내가 받은 알림")
def my_deliveries(request, limit: int = 50):
    return [
        _out(d)
        for d in Delivery.objects.filter(recipient=request.user).order_by("-created_at")[
            : max(1, min(limit, 200))
        ]
    ]


@router.get("/opt-outs", summary="수신 거부한 채널")
def opt_outs(request):
    return {
        "channels": sorted(
            OptOut.objects.filter(user=request.user, topic="").values_list("channel", flat=True)
        ),
        "available": Channel.values,
    }


@router.put("/opt-outs/{channel}", summary="채널 수신 거부")
def opt_out(request, channel: str):
    actions.do_opt_out(user=request.user, channel=channel)
    return opt_outs(request)


@router.delete("/opt-outs/{channel}", summary="채널 수신 거부 철회")
def opt_in(request, channel: str):
    actions.do_opt_in(user=request.user, channel=channel)
    return opt_outs(request)


@router.get("/deliveries", summary="발송 기록 (직원)")
def deliveries(request, status: str = "", limit: int = 50, offset: int = 0):
    if not can_view_log(request.user):
        raise PermissionDenied(_("발송 기록을 볼 권한이 없습니다."))
    qs = Delivery.objects.order_by("-created_at", "-id")
    if status and status not in DeliveryStatus.values:
        raise ValidationError({"status": _("알 수 없는 상태입니다.")})
    if status:
        qs = qs.filter(status=status)
    limit = max(1, min(limit, 200))
    return {
        "count": qs.count(),
        "results": [
            dict(_out(d), to=d.to_address, error=d.error) for d in qs[max(offset, 0) : max(offset, 0) + limit]
        ],
    }
