from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "target_label", "owner", "status", "done", "total", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("target", "target_label")
    raw_id_fields = ("owner",)
    readonly_fields = ("task_id", "heartbeat_at", "lease_until")
