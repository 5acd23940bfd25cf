from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        # realtime imports no domain app; it learns here who may watch `idea:<id>`.
        import realtime
        from ideas.streams import idea_stream_visible

        realtime.register_stream_guard("idea", idea_stream_visible)
