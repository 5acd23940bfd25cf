from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self):
        # realtime imports no domain app; it learns here who may watch `challenge:<id>` and
        # which events this app publishes.
        import realtime
        from challenges.events import EVENTS
        from challenges.streams import challenge_stream_visible

        realtime.register_stream_guard("challenge", challenge_stream_visible)
        realtime.register_events("challenges", EVENTS)

        # Challenges are the city's: a deleted staff account's stay, under "gelöschtes Konto".
        import privacy
        from challenges.models import Challenge

        privacy.register_personal_data(Challenge, user_field="created_by", erase=privacy.REASSIGN)

        import opendata
        from challenges.open_data import DATASET

        opendata.register_dataset(DATASET)
        from challenges.notifications import register

        register()
