"""The landing page and the signed-in user's start page: they count and link every app's records."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from iljari.accounts.models import Role
from iljari.employers.models import Employer, EmployerStatus
from iljari.seekers.models import Seeker, SeekerStatus
from iljari.vacancies.models import Vacancy, VacancyStatus


def open_vacancies():
    return Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closing_date__gte=timezone.localdate())


def home(request):
    vacancies = open_vacancies()
    counts = vacancies.aggregate(total=Count("id"), bus=Count("id", filter=Q(commuter_bus=True)))
    latest = vacancies.select_related("employer", "work_region", "employer__industrial_complex").order_by(
        "-published_at", "-id"
    )[:10]
    context = {
        "open_vacancy_count": counts["total"],
        "bus_vacancy_count": counts["bus"],
        "seeker_count": Seeker.objects.filter(status=SeekerStatus.ACTIVE, anonymised_at__isnull=True).count(),
        "employer_count": Employer.objects.filter(status=EmployerStatus.APPROVED).count(),
        "latest_vacancies": latest,
    }
    return render(request, "site/home.html", context)


ROLE_START_PAGES = {
    Role.SEEKER: "matching:seeker_recommendations",
    Role.EMPLOYER: "referrals:employer_dashboard",
    Role.COUNSELOR: "console:home",
    Role.PROGRAM_MANAGER: "programs:dashboard",
    Role.OFFICIAL: "programs:dashboard",
    Role.ADMIN: "console:home",
}


@login_required
def dashboard(request):
    """Send each role to its own start page (home for an account without a role's page)."""
    start_page = ROLE_START_PAGES.get(request.user.role)
    return redirect(start_page or "site:home")
