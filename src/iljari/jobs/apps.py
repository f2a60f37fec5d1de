from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "iljari.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Feature apps declare their job kinds in ``<app>/jobkinds.py`` (like admin.py): this
        # app imports none of them by name.
        autodiscover_modules("jobkinds")
        from django_tasks.signals import task_started

        from .actions import expire_stale_jobs_on_task_start

        task_started.connect(expire_stale_jobs_on_task_start, dispatch_uid="jobs_expire_stale")
