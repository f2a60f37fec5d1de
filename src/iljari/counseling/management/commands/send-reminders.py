from django.core.management.base import BaseCommand

from iljari.counseling.reminders import send_due_reminders


class Command(BaseCommand):
    help = "면접 전날 알림과 고용 유지 확인 알림을 보냅니다 (여러 번 실행해도 한 번만 보냅니다)."

    def handle(self, *args, **options):
        counts = send_due_reminders()
        self.stdout.write(
            f"interview reminders: {counts['interviews']}, follow-up reminders: {counts['follow_ups']}"
        )
