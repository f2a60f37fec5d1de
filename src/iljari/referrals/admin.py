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
