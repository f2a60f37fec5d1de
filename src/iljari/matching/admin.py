from django.contrib import admin

from .models import MatchRun, Recommendation


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "status", "executor", "n_seekers", "n_vacancies", "n_recommendations")
    readonly_fields = ("stats", "error")


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("direction", "seeker", "vacancy", "rank", "score")
    list_filter = ("direction",)
    raw_id_fields = ("seeker", "vacancy", "run")
