from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """The city team's workbench: the inbox, jury evaluation, council exports and charts."""

    name = "ideas.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # realtime imports no domain app: it learns here who may watch `inbox:<id>` (city
        # staff only) and which events this app publishes.
        import realtime
        from ideas.evaluation.events import EVENTS
        from ideas.evaluation.streams import inbox_stream_visible

        realtime.register_stream_guard("inbox", inbox_stream_visible)
        realtime.register_events("evaluation", EVENTS)

        # Personal data (platform/privacy): an assignment to a deleted colleague is dropped; a
        # deleted juror's seat goes with their scores (their own opinions; a published result
        # stays as published); who assigned, invited and published is the city's record and
        # moves to the placeholder account.
        import privacy
        from ideas.evaluation.models import Evaluation, IdeaAssignment, Juror
        from ideas.evaluation.services import assignments_erase_of

        privacy.register_personal_data(
            IdeaAssignment, user_field="assignee", erase=assignments_erase_of
        )
        privacy.register_personal_data(
            IdeaAssignment, user_field="assigned_by", erase=privacy.REASSIGN
        )
        privacy.register_personal_data(Juror, erase=privacy.DELETE)
        privacy.register_personal_data(Juror, user_field="invited_by", erase=privacy.REASSIGN)
        privacy.register_personal_data(
            Evaluation, user_field="published_by", erase=privacy.REASSIGN
        )
