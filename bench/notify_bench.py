"""`python -m bench.notify_bench [--followers 10000]`: the notification fan-out of one comment on
an idea with N followers, as the worker runs it: N notifications written and N live frames
sent to the channel layer, each to a listening channel of its person's `user:<id>` group.

Runs in a throwaway test database (Django's test-database creation: in memory on SQLite, or
`test_<name>` beside DATABASE_URL's database), so it never touches real data. Prints one JSON
line: seconds for the handler (writing, unread counts, outbox rows, commit) and for the
broadcast, the statements it ran, and the frames that arrived. REDIS_URL selects the Redis
channel layer, as in production; otherwise the in-memory one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oic.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        result = run(args.followers)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


def run(followers: int) -> dict:
    from asgiref.sync import async_to_sync, sync_to_async
    from channels.layers import get_channel_layer
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from challenges.models import Challenge
    from ideas import services as idea_services
    from notifications.models import Follow, Notification
    from realtime import handlers
    from realtime.models import Event
    from realtime.publishing import group_name

    password = make_password(None)
    now = timezone.now()
    people = User.objects.bulk_create(
        [
            User(
                email=f"f{n}@bench.test",
                display_name=f"Follower {n}",
                password=password,
                email_confirmed_at=now,
            )
            for n in range(followers + 2)
        ],
        batch_size=1000,
    )
    author, commenter, fans = people[0], people[1], people[2:]
    challenge = Challenge.objects.create(
        title="Bench", summary="Bench challenge", description="", created_by=author, status="open"
    )
    idea = idea_services.idea_submit(
        author=author, challenge=challenge, title="Benches", summary="Fan-out benchmark"
    )
    Follow.objects.bulk_create(
        [Follow(person=p, kind="idea", target_id=idea.pk) for p in fans], batch_size=1000
    )
    layer = get_channel_layer()
    idea_services.comment_post(author=commenter, idea=idea, body="Das hören 10.000 Leute.")
    event = Event.objects.filter(type="comment.created").latest("id")

    def handle() -> tuple[float, int]:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            handlers.event_handle(handler="notifications", event_id=event.pk)
        return time.perf_counter() - started, len(queries)  # the broadcast runs on commit

    async def measure() -> tuple[float, int, int]:
        # One event loop for listening, the handler (in the sync thread, as in the worker)
        # and draining: a layer's channels belong to the loop that made them.
        channels = []
        for p in fans:
            channel = await layer.new_channel()
            await layer.group_add(group_name(f"user:{p.pk}"), channel)
            channels.append(channel)
        seconds, statements = await sync_to_async(handle)()
        arrived = 0
        for channel in channels:
            message = await asyncio.wait_for(layer.receive(channel), timeout=10)
            arrived += message["event"]["type"] == "notification.created"
        return seconds, statements, arrived

    handled, statements, arrived = async_to_sync(measure)()
    made = Notification.objects.filter(key=f"event:{event.pk}").count()
    return {
        "benchmark": "notification fan-out",
        "followers": followers,
        "notifications": made,
        "frames_arrived": arrived,
        "statements": statements,
        "seconds": round(handled, 3),
        "us_per_notification": round(handled / max(made, 1) * 1e6, 1),
        "database": connection.vendor,
        "channel_layer": type(layer).__name__,
    }


if __name__ == "__main__":
    main()
