"""Background tasks of realtime (run by `manage.py db_worker`)."""

from django_tasks import task

from realtime import handlers


@task()
def event_handle_task(*, handler: str, event_id: int) -> None:
    handlers.event_handle(handler=handler, event_id=event_id)
