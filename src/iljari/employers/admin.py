from django.contrib import admin

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
