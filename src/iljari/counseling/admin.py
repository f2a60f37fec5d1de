from django.contrib import admin

from .models import ActionItem, Attachment, Case, CaseNote, CaseTransfer


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("seeker", "counselor", "team", "stage", "opened_on", "closed_on")
    list_filter = ("stage", "team")
    raw_id_fields = ("seeker", "counselor")


admin.site.register(CaseNote, raw_id_fields=("case", "author"))
admin.site.register(ActionItem, raw_id_fields=("case", "created_by"))
admin.site.register(Attachment, raw_id_fields=("case", "uploaded_by"))
admin.site.register(CaseTransfer, raw_id_fields=("case", "from_counselor", "to_counselor", "actor"))
