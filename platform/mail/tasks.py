"""Background tasks of the mail queue (run by `manage.py db_worker`)."""

from django_tasks import task

from mail import services


@task()
def mail_deliver_task(*, mail_id: int) -> None:
    services.mail_deliver(mail_id=mail_id)
