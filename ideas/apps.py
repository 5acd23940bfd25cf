from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        # SQLite's full-text triggers stem in Python: every new connection gets the function
        # (infrastructure of the database connection, not domain logic).
        from django.db.backends.signals import connection_created

        from ideas.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="ideas_sqlite_stems")
        # realtime imports no domain app; it learns here who may watch `idea:<id>` and
        # which events this app publishes.
        import moderation
        import realtime
        from ideas.events import EVENTS
        from ideas.moderation import KINDS
        from ideas.streams import idea_stream_visible

        realtime.register_stream_guard("idea", idea_stream_visible)
        realtime.register_events("ideas", EVENTS)

        # A deleted account's ideas, comments and offers: kept under "gelöschtes Konto" or
        # removed, as the person chose; official responses stay (moved to that account).
        import privacy
        from ideas import services
        from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange

        privacy.register_personal_data(Idea, user_field="author", erase=services.ideas_erase_of)
        privacy.register_personal_data(
            Comment, user_field="author", erase=services.comments_erase_of
        )
        privacy.register_personal_data(CocreatorOffer, erase=services.offers_erase_of)
        privacy.register_personal_data(
            IdeaStatusChange, user_field="changed_by", erase=privacy.REASSIGN
        )

        import opendata
        from ideas.open_data import DATASETS

        for dataset in DATASETS:
            opendata.register_dataset(dataset)
        from ideas.notifications import register

        register()
        for kind in KINDS:
            moderation.register_reportable(kind)
