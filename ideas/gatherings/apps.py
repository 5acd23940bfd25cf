from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "ideas.gatherings"
    label = "gatherings"
    verbose_name = _("Events")

    def ready(self):
        # As ideas does: realtime learns here who may watch `event:<id>` and what we publish.
        import realtime
        from ideas.gatherings.events import EVENTS, HACKATHON_EVENTS
        from ideas.gatherings.streams import event_stream_visible

        realtime.register_stream_guard("event", event_stream_visible)
        realtime.register_events("gatherings", [*EVENTS, *HACKATHON_EVENTS])

        # Personal data (privacy): a deleted person's seats are given up; events they created
        # are the organiser's and stay under the placeholder account; the calendar key goes.
        import privacy
        from ideas.gatherings.models import (
            CalendarKey,
            Event,
            Registration,
            Team,
            TeamJoinRequest,
            TeamMember,
        )
        from ideas.gatherings.services import registrations_erase_of, team_memberships_erase_of

        privacy.register_personal_data(Registration, erase=registrations_erase_of)
        privacy.register_personal_data(CalendarKey, exclude=("key",))
        privacy.register_personal_data(Event, user_field="created_by", erase=privacy.REASSIGN)

        # Notifications: followers hear of new events, registered people of a cancellation.
        from ideas.gatherings.notifications import register

        register()

        # Hackathon teams: a deleted person leaves their teams (a lead hands over, a team left
        # empty dissolves); their join requests go; a team they formed stays, as a record of
        # the hackathon, under the placeholder account.
        privacy.register_personal_data(TeamMember, erase=team_memberships_erase_of)
        privacy.register_personal_data(TeamJoinRequest)
        privacy.register_personal_data(Team, user_field="created_by", erase=privacy.REASSIGN)
