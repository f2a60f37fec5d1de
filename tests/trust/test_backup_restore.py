"""`iljari backup` / `iljari restore` round trip (SQLite online backup or pg_dump/pg_restore),
and migrations run forward over a populated database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from iljari.audit.actions import log_access, verify_chain
from iljari.core.backup import table_fingerprints
from iljari.seekers.models import Seeker
from iljari.vacancies.actions import do_apply
from iljari.vacancies.models import Application
from tests import factories as f


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_every_table_exactly(tmp_path, reference_data, counselor):
    seeker = f.SeekerFactory(user__full_name="박복원")
    vacancy = f.VacancyFactory()
    do_apply(seeker=seeker, vacancy=vacancy)
    log_access(actor=counselor, action="view", subject=seeker, purpose="백업 시험")
    before = table_fingerprints()
    call_command("backup", "--out", str(tmp_path / "b"))
    # change the data after the backup: the restore must undo all of it
    Application.objects.all().delete()
    Seeker.objects.filter(pk=seeker.pk).update(summary="바뀐 내용")
    f.SeekerFactory(user__username="after_backup")
    assert table_fingerprints() != before
    with pytest.raises(CommandError):
        call_command("restore", "--from", str(tmp_path / "b"))  # no --yes
    call_command("restore", "--from", str(tmp_path / "b"), "--yes")
    assert table_fingerprints() == before
    assert Application.objects.filter(seeker__user__full_name="박복원").count() == 1
    assert verify_chain() == (True, None)


@pytest.mark.django_db
def test_backup_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError):
        call_command("backup", "--out", str(tmp_path))


@pytest.mark.django_db(transaction=True)
def test_access_log_migrations_run_forward_over_existing_rows(reference_data, counselor):
    seeker = f.SeekerFactory()
    log_access(actor=counselor, action="view", subject=seeker, purpose="이전 버전")
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0001_initial")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from iljari.audit.models import AccessLog

    row = AccessLog.objects.get()
    assert row.purpose == "이전 버전"
    log_access(actor=counselor, action="fair_check_in", subject=seeker)  # longer verbs fit after 0002
    assert verify_chain() == (True, None)
