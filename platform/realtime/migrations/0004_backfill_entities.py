"""Give events logged before the catalogue existed their entity and coalescing key.

Without an entity, `realtime.redact` cannot find an event, and its content (a deleted comment,
a withdrawn idea) would be replayed until it aged out. The catalogue is filled in each app's
`ready()`, which has run before any migration, so its functions compute what `publish` stores
today. Types no app declares any more have no content anyone could redact by its entity: they
are removed, so nothing old escapes.
"""

from django.db import migrations

BATCH = 2_000


def backfill(apps, schema_editor):
    from realtime.catalogue import declared

    Event = apps.get_model("realtime", "Event")
    last_id = 0
    while True:
        batch = list(
            Event.objects.filter(id__gt=last_id, entity__isnull=True, coalesce_key__isnull=True)
            .order_by("id")
            .only("id", "type", "data")[:BATCH]
        )
        if not batch:
            return
        last_id = batch[-1].id
        changed, orphans = [], []
        for event in batch:
            declaration = declared(event.type)
            if declaration is None:
                orphans.append(event.id)
                continue
            data = event.data if isinstance(event.data, dict) else {}
            event.entity = declaration.entity(data) if declaration.entity else None
            event.coalesce_key = declaration.coalesce(data) if declaration.coalesce else None
            if event.entity is not None or event.coalesce_key is not None:
                changed.append(event)
        Event.objects.bulk_update(changed, ["entity", "coalesce_key"])
        Event.objects.filter(id__in=orphans).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("realtime", "0003_event_catalogue"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
