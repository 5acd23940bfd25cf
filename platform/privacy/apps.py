from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    label = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django's own rows of a person (not a domain app's): the admin's action log and the
        # data exports of this app. Domain apps register theirs in their own ready().
        from django.contrib.admin.models import LogEntry

        import privacy
        from privacy import retention
        from privacy.models import DataExport
        from privacy.services import admin_log_erase, export_erase

        privacy.register_personal_data(LogEntry, user_field="user", erase=admin_log_erase)
        privacy.register_personal_data(
            DataExport,
            user_field="user",
            erase=export_erase,
            exclude=("file_name", "token", "session_digest"),
        )
        # The mail outbox holds a person's address in `to`, not as a key.
        from mail.models import Mail

        privacy.register_personal_data(
            Mail,
            user_field="to",
            erase=privacy.DELETE,
            exclude=("html", "message_id", "last_error"),
            rows=lambda user: Mail.objects.filter(to__iexact=user.email).order_by("pk"),
        )
        retention.register_defaults()
