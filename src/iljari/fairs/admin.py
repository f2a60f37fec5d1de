from django.contrib import admin

from .models import Event, Interview, InterviewRequest, Participation, Registration, TimetableRun


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["employer", "status", "booth_number", "hall", "interviewers"]
    raw_id_fields = ["employer"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "mode", "date", "status"]
    list_filter = ["kind", "mode", "status"]
    search_fields = ["title", "venue"]
    inlines = [ParticipationInline]
    filter_horizontal = ["organisers"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["event", "employer", "status", "booth_number", "hall", "interviewers"]
    list_filter = ["status"]
    raw_id_fields = ["employer", "event"]
    filter_horizontal = ["vacancies"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "seeker", "status", "consent_share_resume", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["seeker", "event"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["event", "slot", "participation", "registration", "status", "result"]
    list_filter = ["status", "result"]
    raw_id_fields = ["event", "participation", "registration", "placement"]


admin.site.register(InterviewRequest)
admin.site.register(TimetableRun)
