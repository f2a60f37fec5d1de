from django.contrib import admin

from .models import Placement, Referral


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ("seeker", "vacancy", "counselor", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("seeker", "vacancy", "counselor")


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ("seeker", "employer", "hire_date", "monthly_wage", "source", "status")
    list_filter = ("source", "status")
    raw_id_fields = ("seeker", "employer", "vacancy", "referral", "occupation", "recorded_by")
    date_hierarchy = "hire_date"


from .models import Interview, RetentionFollowUp  # noqa: E402


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("referral", "kind", "starts_at", "place", "counselor", "status", "result")
    list_filter = ("kind", "status")
    raw_id_fields = ("referral", "counselor", "created_by")


@admin.register(RetentionFollowUp)
class RetentionFollowUpAdmin(admin.ModelAdmin):
    list_display = ("placement", "month", "due_date", "status", "recorded_at")
    list_filter = ("month", "status")
    raw_id_fields = ("placement", "recorded_by")
