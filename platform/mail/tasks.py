"""Background tasks of the mail queue (run by `manage.py db_worker`)."""

from django_tasks import task

from mail import services
from ops import requestid


@task()
def mail_deliver_task(*, mail_id: int, request_id: str | None = None) -> None:
    # `request_id`: the request that queued the mail, so the worker's lines carry its id.
    with requestid.bound(request_id):
        services.mail_deliver(mail_id=mail_id)
