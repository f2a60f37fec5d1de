"""Demo delivery log: messages that the queue already sent (e-mail, SMS, 알림톡) and one opt-out."""

import datetime as dt

from django.utils import timezone

from .models import Channel, Delivery, DeliveryStatus, OptOut


def seed(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    seekers = ctx.seekers[:40]
    rows = []
    for index, seeker in enumerate(seekers):
        user = next((u for u in ctx.users.values() if u.pk == seeker.user_id), None)
        channel = [Channel.EMAIL, Channel.SMS, Channel.ALIMTALK][index % 3]
        status = rng.choices(
            [DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.OPTED_OUT], [90, 5, 5]
        )[0]
        rows.append(
            Delivery(
                recipient_id=seeker.user_id,
                channel=channel,
                to_address=(user.email if user else f"seeker{index}@demo.iljari.kr")
                if channel == Channel.EMAIL
                else "010-0000-0000",
                template_key=rng.choice(["referral_proposed", "interview_scheduled", "interview_reminder"]),
                subject="[일자리센터] 면접 일정 안내" if channel == Channel.EMAIL else "",
                body="[일자리센터] 면접 일정이 잡혔습니다. 누리집에서 확인해 주세요.",
                status=status,
                provider="logging" if status == DeliveryStatus.SENT else "",
                error="ConnectionError: SMS gateway unreachable" if status == DeliveryStatus.FAILED else "",
                attempts=1,
                sent_at=now - dt.timedelta(hours=index) if status == DeliveryStatus.SENT else None,
            )
        )
    Delivery.objects.bulk_create(rows)
    if "seeker2" in ctx.users:
        OptOut.objects.get_or_create(user=ctx.users["seeker2"], channel=Channel.EMAIL)
