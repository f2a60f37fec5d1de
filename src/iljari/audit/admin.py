from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "subject_type", "subject_label", "fields", "ip_address")
    list_filter = ("action", "subject_type")
    search_fields = ("actor_label", "subject_label", "subject_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
