"""The daily regeneration can be handed to the worker."""

import pytest
from django.core.management import call_command

from tests import factories
from tests.live.conftest import city_staff_group  # noqa: F401
from tests.mailbox import run_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # A transactional test empties the "City staff" group the factories' staff join.
    pytest.mark.usefixtures("city_staff_group"),
]


def test_the_command_queues_the_dumps_for_the_worker(settings, tmp_path, capsys):
    settings.OPENDATA_DIR = tmp_path
    factories.IdeaFactory(title="Radweg Jahnplatz")

    call_command("generate_opendata", "--enqueue")
    assert "Queued for the worker." in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []  # nothing written in the command itself

    run_worker()

    assert "Radweg Jahnplatz" in (tmp_path / "ideas.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir())[:2] == ["challenges.csv", "challenges.json"]
