"""A seeker's notification settings move to the notifications app's one store (OptOut rows).

SMS off becomes an opt-out of 문자 and 알림톡; a topic off (새 추천, 지원 진행, 행사 소식) an opt-out of
that topic on every channel. ``by_email`` is not carried over: it defaulted to off for everyone
while e-mail was always sent, so carrying it would silently stop e-mail nobody chose to stop; the
settings page now shows e-mail as on until the seeker turns it off there.
"""

from django.db import migrations

TOPICS = {"new_recommendations": "recommendations", "application_updates": "applications", "events": "events"}


def to_opt_outs(apps, schema_editor):
    Preference = apps.get_model("seekers", "NotificationPreference")
    OptOut = apps.get_model("notifications", "OptOut")
    for preference in Preference.objects.select_related("seeker").iterator():
        user_id = preference.seeker.user_id
        wanted = []
        if not preference.by_sms:
            wanted += [("sms", ""), ("alimtalk", "")]
        wanted += [("", topic) for field, topic in TOPICS.items() if not getattr(preference, field)]
        for channel, topic in wanted:
            OptOut.objects.get_or_create(user_id=user_id, channel=channel, topic=topic)


def back_to_preferences(apps, schema_editor):
    Preference = apps.get_model("seekers", "NotificationPreference")
    Seeker = apps.get_model("seekers", "Seeker")
    OptOut = apps.get_model("notifications", "OptOut")
    for seeker in Seeker.objects.iterator():
        off = set(OptOut.objects.filter(user_id=seeker.user_id).values_list("channel", "topic"))
        Preference.objects.update_or_create(
            seeker=seeker,
            defaults={
                "by_sms": ("sms", "") not in off,
                "by_email": ("email", "") not in off,
                **{field: ("", topic) not in off for field, topic in TOPICS.items()},
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("seekers", "0002_notificationpreference"),
        ("notifications", "0002_preferences_topics_inbox"),
    ]

    operations = [
        migrations.RunPython(to_opt_outs, back_to_preferences),
        migrations.DeleteModel(name="NotificationPreference"),
    ]
