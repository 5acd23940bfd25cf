from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = _("Votes")

    def ready(self):
        # realtime imports no domain app; it learns here which events this app publishes.
        import realtime
        from votes.events import EVENTS

        realtime.register_events("votes", EVENTS)

        # A deleted account's votes are taken back through the service: tallies stay right.
        import privacy
        from votes.models import Vote
        from votes.services import votes_erase_of

        privacy.register_personal_data(Vote, user_field="user", erase=votes_erase_of)
