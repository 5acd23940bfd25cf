from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ops"
    label = "ops"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ops import requestid

        requestid.connect_task_signals()

        # deploy/backup deletes dumps older than this; the privacy page states the same figure.
        import privacy

        privacy.register_retention(
            "backups",
            label=_("Database backups"),
            setting="OIC_BACKUP_RETENTION_DAYS",
            enforce=None,
        )
