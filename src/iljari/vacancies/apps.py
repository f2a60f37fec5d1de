from django.apps import AppConfig


def _sqlite_read_tuning(sender, connection, **kwargs):
    """Search reads many rows by primary key: let SQLite map the file and keep a larger page cache."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size=268435456")
            cursor.execute("PRAGMA cache_size=-65536")


def _vacancies_deleted(sender, **kwargs):
    from .search_index import record_change

    record_change(None)


def _employer_saved(sender, instance, raw=False, **kwargs):
    """An employer's name, industry or complex is part of its vacancies' search entries."""
    if raw:
        return
    from .models import Vacancy
    from .search_index import touch

    Vacancy.objects.filter(employer=instance, search_indexed=True).update(search_indexed=False)
    touch()


class VacanciesConfig(AppConfig):
    name = "iljari.vacancies"
    label = "vacancies"

    def ready(self):
        from django.db.backends.signals import connection_created

        connection_created.connect(_sqlite_read_tuning, dispatch_uid="iljari.vacancies.sqlite_read_tuning")
        from django.db.models.signals import post_delete, post_save

        post_delete.connect(
            _vacancies_deleted, sender="vacancies.Vacancy", dispatch_uid="iljari.search.deleted"
        )
        post_save.connect(_employer_saved, sender="employers.Employer", dispatch_uid="iljari.search.employer")
