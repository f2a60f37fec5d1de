from django.contrib import admin

from .models import ConsultingRequest, Expert, ServiceApplication, Suggestion, SupportService, Visit


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("employer", "visited_on")
    raw_id_fields = ("employer",)
    date_hierarchy = "visited_on"


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "category", "department", "status", "due_on")
    list_filter = ("status", "category")
    raw_id_fields = ("employer", "visit", "owner")


@admin.register(ConsultingRequest)
class ConsultingRequestAdmin(admin.ModelAdmin):
    list_display = ("subject", "company_name", "field", "status", "expert", "due_on")
    list_filter = ("status", "field", "channel")
    raw_id_fields = ("employer", "expert", "submitted_by")


admin.site.register(Expert)
admin.site.register(SupportService, prepopulated_fields={"slug": ("name",)})
admin.site.register(
    ServiceApplication, raw_id_fields=("service", "employer", "seeker", "applicant", "decided_by")
)
