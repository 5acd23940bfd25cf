"""Notifications: follows, in-app notifications (live on the private stream `user:<id>`) and
mail, now or as a digest. Knows no domain app.

Domain apps register in their `AppConfig.ready()` (see `notifications.registry`):
`register_target` for what can be followed (challenge, idea, organisation, topic, person),
`register_kind` for each kind of notification (its name and its folded text) and
`register_rule` for each catalogue event type that notifies someone. The worker derives the
notifications from the published events (`realtime.register_event_handler`), in bulk.
"""
