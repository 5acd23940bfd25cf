"""Background task of open data (run by `manage.py db_worker`)."""

from django_tasks import task

from opendata import services


@task()
def dumps_generate_task() -> None:
    services.dumps_generate()
