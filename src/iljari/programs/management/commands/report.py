"""iljari report programs --year YYYY [--org NAME] [--kind plan|results] --format xlsx|pdf|csv --out FILE"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from iljari.programs import reports
from iljari.programs.models import Plan
from iljari.programs.results.plan import plan_report


class Command(BaseCommand):
    help = "일자리 사업 보고서(연간 계획서·추진 실적)를 파일로 만듭니다."

    def add_arguments(self, parser):
        parser.add_argument("subject", choices=["programs"], help="보고서 종류 (programs)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--org", default="", help="기관명 (연도에 계획이 여러 개일 때 필수)")
        parser.add_argument("--kind", choices=sorted(reports.KIND_LABELS), default="results")
        parser.add_argument("--format", dest="fmt", choices=sorted(reports.FORMATS), required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--as-of", default="", help="기준일 YYYY-MM-DD (기본: 오늘)")

    def handle(self, *args, year, org, kind, fmt, out, as_of, **options):
        query = Plan.objects.filter(year=year).select_related("organisation")
        if org:
            query = query.filter(organisation__name=org)
        plans = list(query)
        if not plans:
            if org:
                raise CommandError(_("%(year)s년 %(org)s 계획이 없습니다.") % {"year": year, "org": org})
            raise CommandError(_("%(year)s년 계획이 없습니다.") % {"year": year})
        if len(plans) > 1:
            names = ", ".join(p.organisation.name for p in plans)
            raise CommandError(
                _("%(year)s년 계획이 여러 개입니다. --org 로 기관을 골라 주세요: %(names)s")
                % {"year": year, "names": names}
            )
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(_("--as-of 는 YYYY-MM-DD 형식입니다.")) from exc
        report = plan_report(plans[0], day, use_cache=False)
        body, _content_type = reports.render(report, kind, fmt)
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        self.stdout.write(f"{path} ({len(body):,} bytes): {reports.filename(plans[0], kind, fmt)}")
