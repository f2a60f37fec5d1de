from django.contrib import admin

from .models import Delivery, MessageTemplate, OptOut


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "channel", "subject", "active", "updated_at")
    list_filter = ("channel", "active")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "template_key", "channel", "to_address", "status", "provider", "attempts")
    list_filter = ("status", "channel", "template_key")
    raw_id_fields = ("recipient",)


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "channel", "created_at")
    raw_id_fields = ("user",)
