from django.contrib import admin

from . import models


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")


class StrategyInline(admin.TabularInline):
    model = models.Strategy
    extra = 0


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("year", "organisation", "title", "status")
    list_filter = ("year", "organisation")
    inlines = [StrategyInline]


@admin.register(models.Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "strategy", "program_type", "department")
    list_filter = ("program_type",)


class TargetInline(admin.TabularInline):
    model = models.Target
    extra = 0


class RuleInline(admin.TabularInline):
    model = models.AttributionRule
    extra = 0
    raw_id_fields = ("employer",)


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "program")
    inlines = [TargetInline, RuleInline]


@admin.register(models.ProgramSeries)
class ProgramSeriesAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "start_year", "end_year", "total_jobs_target")


@admin.register(models.ManualResult)
class ManualResultAdmin(admin.ModelAdmin):
    list_display = ("project", "year", "month", "metric", "value", "status")
    list_filter = ("status", "metric")
    readonly_fields = ("status", "decided_by", "decided_at")


@admin.register(models.Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "audience", "status")
