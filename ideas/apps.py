from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        # realtime imports no domain app; it learns here who may watch `idea:<id>` and
        # which events this app publishes.
        import realtime
        from ideas.events import EVENTS
        from ideas.streams import idea_stream_visible

        realtime.register_stream_guard("idea", idea_stream_visible)
        realtime.register_events("ideas", EVENTS)
