from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The decision event on the author's private stream, and the in-app notification
        # notifications makes of it.
        import realtime
        from moderation import notifications
        from moderation.events import EVENTS

        realtime.register_events("moderation", EVENTS)
        notifications.register()

        # Personal data (privacy): who reported, appealed, decided and appointed. The records
        # of decisions stay (Art. 15 and 24 DSA: transparency), under "gelöschtes Konto"; the
        # append-only audit log keeps the number of a deleted account and nothing else of it.
        import privacy
        from moderation.models import (
            Appeal,
            AuditEntry,
            Block,
            Decision,
            ItemState,
            Moderator,
            Report,
        )
        from moderation.services import audit_entries_kept, reports_erase_of

        privacy.register_personal_data(ItemState, user_field="author", erase=privacy.REASSIGN)
        privacy.register_personal_data(Report, user_field="reporter", erase=reports_erase_of)
        privacy.register_personal_data(Decision, user_field="moderator", erase=privacy.REASSIGN)
        privacy.register_personal_data(Appeal, user_field="author", erase=privacy.REASSIGN)
        privacy.register_personal_data(Appeal, user_field="decided_by", erase=privacy.REASSIGN)
        privacy.register_personal_data(Block)
        privacy.register_personal_data(Moderator)
        privacy.register_personal_data(Moderator, user_field="appointed_by", erase=privacy.REASSIGN)
        privacy.register_personal_data(AuditEntry, user_field="actor", erase=audit_entries_kept)
