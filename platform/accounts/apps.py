from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organisations")

    def ready(self):
        # Requests to join a group and their decisions are events (for notifications).
        import realtime
        from accounts.events import EVENTS

        realtime.register_events("accounts", EVENTS)
        # A person's memberships, API token and groups are their data (privacy's registry);
        # accounts whose address was never confirmed are deleted after a while.
        from rest_framework.authtoken.models import Token

        import privacy
        from accounts.models import Membership, MembershipRequest, User
        from accounts.services import users_unconfirmed_prune

        privacy.register_personal_data(Membership)
        # Requests to join are the asker's; the administrator who decided keeps the record
        # under the deleted account when they go.
        privacy.register_personal_data(MembershipRequest)
        privacy.register_personal_data(
            MembershipRequest, user_field="decided_by", erase=privacy.REASSIGN
        )
        privacy.register_personal_data(Token, exclude=("key",))
        privacy.register_personal_data(User.groups.through)
        privacy.register_personal_data(User.user_permissions.through)
        privacy.register_retention(
            "unconfirmed_accounts",
            label=_("Accounts whose email address was never confirmed"),
            setting="ACCOUNTS_UNCONFIRMED_RETENTION_DAYS",
            enforce=users_unconfirmed_prune,
        )
        # notifications imports no domain app: people, organisations and topics are
        # followable because accounts says so here.
        from accounts.notifications import register

        register()
        # moderation imports no domain app: a person is reportable because accounts says so.
        import moderation
        from accounts.moderation import PERSON

        moderation.register_reportable(PERSON)
