from django.contrib import admin

from .models import Experience, QualificationHeld, Seeker


class ExperienceInline(admin.TabularInline):
    model = Experience
    extra = 0
    raw_id_fields = ("occupation",)


class QualificationHeldInline(admin.TabularInline):
    model = QualificationHeld
    extra = 0
    raw_id_fields = ("qualification",)


@admin.register(Seeker)
class SeekerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "birth_year", "home_region", "status", "last_active_at")
    list_filter = ("status", "employment_type", "education")
    search_fields = ("user__full_name", "user__username")
    raw_id_fields = ("user", "home_region")
    filter_horizontal = ("desired_occupations",)
    inlines = [ExperienceInline, QualificationHeldInline]
