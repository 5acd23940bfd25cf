"""Background tasks of privacy (run by `manage.py db_worker`)."""

from django_tasks import task

from privacy import services


@task()
def export_build_task(*, export_id: int) -> None:
    services.export_build(export_id=export_id)
