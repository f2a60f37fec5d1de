from django.contrib import admin

from iljari.vacancies import search_index

from .models import Employer, EmployerMember


class EmployerMemberInline(admin.TabularInline):
    model = EmployerMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "business_number", "root_sector", "industrial_complex", "employees", "status")
    list_filter = ("status", "root_sector", "industrial_complex", "commuter_bus", "dormitory")
    search_fields = ("name", "business_number")
    raw_id_fields = ("industry", "region")
    inlines = [EmployerMemberInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            search_index.employer_changed(obj.pk)  # its name, industry and complex are searched

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        search_index.vacancies_deleted()  # its vacancies went with it

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        search_index.vacancies_deleted()
