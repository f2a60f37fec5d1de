from django.contrib import admin

from . import search_index
from .models import Application, MinimumWage, Vacancy


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "employer",
        "occupation",
        "wage_type",
        "wage_amount",
        "shift",
        "status",
        "closing_date",
    )
    list_filter = ("status", "shift", "employment_type", "source", "commuter_bus", "dormitory")
    search_fields = ("title", "employer__name", "external_id")
    raw_id_fields = ("employer", "occupation", "work_region", "created_by")
    filter_horizontal = ("required_qualifications", "preferred_qualifications")
    date_hierarchy = "published_at"

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        search_index.vacancies_deleted()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        search_index.vacancies_deleted()


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("seeker", "vacancy", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("seeker", "vacancy")


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ("year", "hourly", "notice")
    ordering = ("-year",)
