from django.apps import AppConfig


def _sqlite_read_tuning(sender, connection, **kwargs):
    """Search reads many rows by primary key: let SQLite map the file and keep a larger page cache."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size=268435456")
            cursor.execute("PRAGMA cache_size=-65536")


class VacanciesConfig(AppConfig):
    name = "iljari.vacancies"
    label = "vacancies"

    def ready(self):
        from django.db.backends.signals import connection_created

        connection_created.connect(_sqlite_read_tuning, dispatch_uid="iljari.vacancies.sqlite_read_tuning")
