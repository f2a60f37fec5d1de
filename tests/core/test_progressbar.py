"""The command line's progress bars (stderr; stdout keeps the report): imports, reference data,
backup/restore and the nightly matching report through the same small callbacks."""

import io

import pytest
from django.core.management import call_command

from iljari.core.progressbar import progress_bar
from tests import factories as f


def test_counting_and_step_callbacks_move_the_bar(capsys):
    with progress_bar("공고", unit="건") as bar:
        assert bar.update_to(1, 4) is True and bar.update_to(4, 4) is True
    with progress_bar("backup") as steps:
        steps.step("database")
        steps.step("media", 1, 4)
        steps.step("media", 4, 4)
    err = capsys.readouterr().err
    assert "4/4" in err and "media" in err and "database" in err


@pytest.mark.django_db
def test_the_nightly_matching_command_shows_its_progress(capsys):
    f.SeekerFactory()
    f.VacancyFactory()
    out = io.StringIO()
    call_command("match", "--all", "--k", "3", "--json", stdout=out)
    assert '"run"' in out.getvalue()  # the report stays on stdout, whole
    assert "matching" in capsys.readouterr().err
