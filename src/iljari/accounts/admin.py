from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord, ConsentText, Team, User


@admin.register(User)
class IljariUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "role", "team", "is_active", "last_login")
    list_filter = ("role", "team", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("일자리센터"), {"fields": ("role", "full_name", "phone", "team")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "center")


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ("title", "purpose", "version", "required", "effective_from")
    list_filter = ("purpose", "required")


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "granted", "answered_at", "withdrawn_at")
    list_filter = ("granted", "text__purpose")
    raw_id_fields = ("user",)
