"""Moderation as a capability: reports, a queue, decisions with reasons, blocks, appeals, an
append-only audit log and public figures. It knows no domain app: each registers in its
`AppConfig.ready()` which kinds of content can be reported and how they are loaded, hidden and
restored (`moderation.register_reportable`), as it registers stream guards with realtime."""

from moderation.registry import ItemContext, ReportableKind, register_reportable

__all__ = ["ItemContext", "ReportableKind", "register_reportable"]
