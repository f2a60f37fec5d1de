from django.contrib import admin

from .models import IndustrialComplex, Industry, JobDescription, JobTitle, Occupation, Qualification, Region


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "scheme", "level")
    list_filter = ("scheme", "level")
    search_fields = ("code", "name")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "sido", "sigungu", "emd", "level", "lat", "lon")
    list_filter = ("level", "sido")
    search_fields = ("code", "sigungu", "emd")


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "grade", "field", "root_industry")
    list_filter = ("grade", "root_industry")
    search_fields = ("name", "code")
    filter_horizontal = ("occupations",)


@admin.register(JobDescription)
class JobDescriptionAdmin(admin.ModelAdmin):
    list_display = ("djob_code", "name", "keco_code", "keco_name")
    search_fields = ("name", "djob_code", "keco_code", "similar_names")


@admin.register(JobTitle)
class JobTitleAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "canonical_job", "keco_code")
    list_filter = ("kind",)
    search_fields = ("title", "canonical_job", "keco_code")


@admin.register(IndustrialComplex)
class IndustrialComplexAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "lat", "lon")
