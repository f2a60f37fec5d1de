from django.contrib import admin

from .models import TransitionLog


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "from_state", "to_state", "actor")
    list_filter = ("content_type", "to_state")

    def has_change_permission(self, request, obj=None):
        return False
