from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The private stream of each person, and the events sent on it. Domain apps register
        # their targets, kinds and rules in their own ready().
        import realtime
        from notifications.events import EVENTS
        from notifications.streams import own_stream_visible

        realtime.register_stream_guard("user", own_stream_visible)
        realtime.register_events("notifications", EVENTS)

        # A person's follows, settings and notifications are their data (export; deleted with
        # the account); read notifications are kept only for a while (enforce_retention).
        from datetime import timedelta

        import privacy
        from notifications.models import DigestSent, Follow, Notification, Preference
        from notifications.services import notifications_prune

        privacy.register_personal_data(Follow, user_field="person")
        privacy.register_personal_data(Preference, user_field="person")
        privacy.register_personal_data(Notification, user_field="recipient")
        privacy.register_personal_data(DigestSent, user_field="person")
        privacy.register_retention(
            "notifications",
            label=_("Notifications you have read"),
            setting="NOTIFICATIONS_KEEP_READ_DAYS",
            enforce=lambda days: notifications_prune(older_than=timedelta(days=days)),
        )
