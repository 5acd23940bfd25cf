"""A synthetic city-scale dataset for the benchmarks, bulk-inserted with consistent tallies.

Rows are written with explicit ids (so replies can point at their parents without a round trip)
by PostgreSQL `COPY` or, on other databases, `bulk_create` in batches. Every stored counter
(an idea's up/down/score/hot/comment_count, a challenge's idea_count) is computed in Python from
exactly the rows inserted, so the data obeys the same invariants the services keep.
"""

from __future__ import annotations

import random
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import CITY_STAFF_GROUP, Membership, Organisation, Sector, Topic, User
from bench.idea_texts import IdeaTexts
from challenges.models import Challenge
from core.markup import render_comment, render_markdown
from ideas.models import Comment, Idea, hot_score
from votes.models import Vote

SECTOR_WEIGHTS = {
    Sector.CITIZEN: 0.55,
    Sector.CIVIL_SOCIETY: 0.12,
    Sector.BUSINESS: 0.15,
    Sector.RESEARCH: 0.08,
    Sector.ADMINISTRATION: 0.10,
}
STATUS_WEIGHTS = {
    Idea.Status.SUBMITTED: 0.70,
    Idea.Status.UNDER_REVIEW: 0.15,
    Idea.Status.SELECTED: 0.05,
    Idea.Status.IN_PROGRESS: 0.04,
    Idea.Status.IMPLEMENTED: 0.02,
    Idea.Status.NOT_PURSUED: 0.04,
}
FREE_IDEA_SHARE = 0.10
WITHDRAWN_SHARE = 0.01
REPLY_SHARE = 0.30
DELETED_COMMENT_SHARE = 0.02
# The idea the benchmarks read, vote and comment on: its page holds this many comments.
FOCUS_COMMENTS = 1_000
SPAN = timedelta(days=730)
BATCH = 5_000

_SUBJECTS = [
    "Mehr Bäume am Jahnplatz",
    "Fahrradstraße durch die Altstadt",
    "Digitale Bürgerberatung",
    "Solardächer auf Schulen",
    "Offene Werkstatt im Quartier",
    "Mitfahrbank für Sennestadt",
    "Sensoren für freie Parkplätze",
    "Repair-Café in der Stadtbibliothek",
    "Gemeinschaftsgärten auf Brachflächen",
    "Open Data für den Nahverkehr",
    "Coworking im Rathaus",
    "Trinkwasserbrunnen in der Innenstadt",
]
_COMMENTS = [
    "Gute Idee! Das würde ich sofort unterstützen.",
    "Wie soll das **finanziert** werden?",
    "In Münster gibt es so etwas schon seit Jahren, siehe https://example.org/muenster",
    "Ich wohne in der Nähe und finde das wichtig.",
    "Das Problem ist eher die Wartung. Wer kümmert sich darum?",
    "Wir als Verein könnten bei der Umsetzung helfen.",
    "Bitte auch an barrierefreie Zugänge denken.",
    "Dafür braucht es eine Abstimmung mit dem Umweltamt.",
    "Klingt teuer, aber langfristig lohnt es sich.",
    "Ich sehe das skeptisch: *zu viel Verkehr* in der Straße.",
    "Gibt es dazu schon Zahlen?",
    "Unterstütze ich! Vielleicht als Pilot in einem Stadtteil?",
]


@dataclass(frozen=True)
class DatasetSize:
    users: int = 20_000
    orgs: int = 200
    challenges: int = 50
    ideas: int = 100_000
    votes: int = 1_000_000
    comments: int = 300_000


@dataclass
class DatasetResult:
    size: DatasetSize
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    focus_idea_id: int = 0
    focus_challenge_id: int = 0
    user_ids: range = range(0)


def _weighted(rng: random.Random, weights: dict) -> Callable[[], object]:
    keys, cum = list(weights), []
    total = 0.0
    for w in weights.values():
        total += w
        cum.append(total)
    return lambda: rng.choices(keys, cum_weights=cum)[0]


def _allocate(rng: random.Random, total: int, weights: list[float], caps: list[int]) -> list[int]:
    """Split `total` over slots in proportion to `weights`, never above a slot's cap."""
    counts = [0] * len(weights)
    remaining = total
    # A few proportional rounds, then single units to the slots that still have room.
    for _ in range(8):
        open_slots = [i for i in range(len(weights)) if counts[i] < caps[i]]
        if remaining <= 0 or not open_slots:
            break
        wsum = sum(weights[i] for i in open_slots) or 1.0
        placed = 0
        for i in open_slots:
            add = min(int(remaining * weights[i] / wsum), caps[i] - counts[i])
            counts[i] += add
            placed += add
        remaining -= placed
        if placed == 0:
            break
    open_slots = [i for i in range(len(weights)) if counts[i] < caps[i]]
    while remaining > 0 and open_slots:
        i = rng.choice(open_slots)
        counts[i] += 1
        remaining -= 1
        if counts[i] >= caps[i]:
            open_slots.remove(i)
    return counts


def _ts(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class _Inserter:
    """COPY on PostgreSQL (an order of magnitude faster), bulk_create elsewhere."""

    def __init__(self) -> None:
        self.copy = connection.vendor == "postgresql"
        self.rows: dict[str, int] = {}

    def insert(self, model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> None:
        count = 0
        if self.copy:
            columns = ", ".join(connection.ops.quote_name(f) for f in fields)
            table = connection.ops.quote_name(model._meta.db_table)
            with transaction.atomic(), connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
        else:
            batch: list[models.Model] = []
            with transaction.atomic():
                for row in rows:
                    batch.append(model(**dict(zip(fields, row, strict=True))))
                    count += 1
                    if len(batch) >= BATCH:
                        model.objects.bulk_create(batch)
                        batch.clear()
                if batch:
                    model.objects.bulk_create(batch)
        self.rows[model._meta.label] = self.rows.get(model._meta.label, 0) + count

    def finish(self, models_: list[type[models.Model]]) -> None:
        # Rows came with explicit ids: move the id sequences past them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)
            if self.copy:
                cursor.execute("ANALYZE")


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def generate(
    size: DatasetSize, *, seed: int = 42, log: Callable[[str], None] = lambda _m: None
) -> DatasetResult:
    """Insert a dataset of `size` next to whatever the database holds already."""
    started = time.monotonic()
    rng = random.Random(seed)
    ins = _Inserter()
    now = timezone.now()
    now_s = now.timestamp()
    start_s = (now - SPAN).timestamp()
    n_users = max(size.users, 2)

    # --- People -------------------------------------------------------------------------------
    u0 = _next_id(User)
    pick_sector = _weighted(rng, SECTOR_WEIGHTS)
    sectors = [pick_sector() for _ in range(n_users)]
    joined = [start_s - rng.random() * 365 * 86400 for _ in range(n_users)]
    ins.insert(
        User,
        ["id", "password", "is_superuser", "email", "display_name", "sector", "bio"]
        + ["is_active", "is_staff", "date_joined", "email_confirmed_at", "language"],
        (
            (u0 + i, "!bench", False, f"bench{u0 + i}@example.org", f"Person {u0 + i}")
            + (sectors[i], "", True, False, _ts(joined[i]), _ts(joined[i]), "de")
            for i in range(n_users)
        ),
    )
    staff = [i for i in range(n_users) if sectors[i] == Sector.ADMINISTRATION][:20] or [0]
    group = Group.objects.get(name=CITY_STAFF_GROUP)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u0 + i, group_id=group.pk) for i in staff]
    )
    log(f"users: {n_users}")

    # --- Organisations and memberships --------------------------------------------------------
    o0 = _next_id(Organisation)
    kinds = list(Organisation.Kind.values)
    org_kinds = [kinds[i % len(kinds)] for i in range(size.orgs)]
    ins.insert(
        Organisation,
        ["id", "name", "slug", "kind", "website", "description", "created_at"],
        (
            (o0 + i, f"Organisation {o0 + i}", f"organisation-{o0 + i}", org_kinds[i], "")
            + ("", _ts(start_s + rng.random() * (now_s - start_s)))
            for i in range(size.orgs)
        ),
    )
    orgs_of: dict[int, list[int]] = {}
    member_rows = []
    for i in range(size.orgs):
        for ui in rng.sample(range(n_users), min(n_users, rng.randint(3, 30))):
            orgs_of.setdefault(ui, []).append(o0 + i)
            member_rows.append((o0 + i, u0 + ui, Membership.Role.MEMBER, now))
    ins.insert(Membership, ["organisation_id", "user_id", "role", "created_at"], member_rows)
    log(f"organisations: {size.orgs}, memberships: {len(member_rows)}")

    # --- Challenges ---------------------------------------------------------------------------
    c0 = _next_id(Challenge)
    n_ch = size.challenges
    ch_created = sorted(
        start_s + rng.random() * (SPAN.total_seconds() - 30 * 86400) for _ in range(n_ch)
    )
    ch_status, ch_close = [], []
    for rank, created in enumerate(ch_created):
        age = rank / max(n_ch, 1)
        if age < 0.15 and n_ch > 2:
            status = Challenge.Status.ARCHIVED if rank % 3 == 0 else Challenge.Status.CLOSED
        elif age < 0.35 and n_ch > 2:
            status = Challenge.Status.EVALUATION
        else:
            status = Challenge.Status.OPEN
        if status == Challenge.Status.OPEN:
            close = now_s + rng.randint(30, 180) * 86400
        else:
            close = max(created + 3600, min(created + 90 * 86400, now_s - 86400))
        ch_status.append(status)
        ch_close.append(close)
    ch_html = render_markdown("Wir suchen **Ideen** für eine lebenswerte Stadt.")
    depts = [o0 + i for i in range(size.orgs) if org_kinds[i] == Organisation.Kind.CITY_DEPARTMENT]
    # Challenge rows are written after the ideas, whose count they store. Popularity is
    # skewed (Zipf-like) and independent of age; the focus challenge is the most popular open one.
    ch_weight = [1 / (r + 1) ** 1.1 for r in rng.sample(range(n_ch), n_ch)]
    open_ch = [c for c in range(n_ch) if ch_status[c] == Challenge.Status.OPEN]
    focus_ch = max(open_ch, key=lambda c: ch_weight[c]) if open_ch else -1

    # --- Ideas --------------------------------------------------------------------------------
    i0 = _next_id(Idea)
    n_ideas = max(size.ideas, 1)
    pick_status = _weighted(rng, STATUS_WEIGHTS)
    idea_ch = array("i")
    idea_author = array("i")
    idea_created = array("d")
    ch_cum = []
    total = 0.0
    for w in ch_weight:
        total += w
        ch_cum.append(total)
    for k in range(n_ideas):
        free = focus_ch < 0 or (rng.random() < FREE_IDEA_SHARE and k != 0)
        c = (
            -1
            if free
            else (focus_ch if k == 0 else rng.choices(range(n_ch), cum_weights=ch_cum)[0])
        )
        if c < 0:
            created = start_s + rng.random() * (now_s - start_s)
        else:
            hi = min(ch_close[c], now_s) - 60
            created = ch_created[c] + rng.random() * max(hi - ch_created[c], 1)
        idea_ch.append(c)
        idea_author.append(rng.randrange(n_users))
        idea_created.append(created)
    focus = 0  # idea index 0 sits in the focus challenge (if there is any challenge)

    # --- Votes (tallied while generated) ------------------------------------------------------
    weights = [rng.lognormvariate(0, 1.2) for _ in range(n_ideas)]
    vote_counts = _allocate(rng, size.votes, weights, [n_users - 1] * n_ideas)
    up = array("i", [0]) * n_ideas
    down = array("i", [0]) * n_ideas
    v_idea, v_user, v_value, v_at = array("i"), array("i"), array("b"), array("d")
    for k in range(n_ideas):
        n = vote_counts[k]
        if not n:
            continue
        voters = rng.sample(range(n_users), min(n + 1, n_users))
        if idea_author[k] in voters:
            voters.remove(idea_author[k])
        p_up = rng.betavariate(4, 1.5)
        span = now_s - idea_created[k]
        for ui in voters[:n]:
            value = 1 if rng.random() < p_up else -1
            if value == 1:
                up[k] += 1
            else:
                down[k] += 1
            v_idea.append(k)
            v_user.append(ui)
            v_value.append(value)
            # Votes come early in an idea's life.
            v_at.append(idea_created[k] + span * rng.random() ** 3)
    log(f"votes planned: {len(v_idea)}")

    # --- Comments (counted while generated) ---------------------------------------------------
    bodies = [(b, render_comment(b)) for b in _COMMENTS]
    n_focus = min(FOCUS_COMMENTS, size.comments // 3) if size.comments else 0
    comment_weights = [w * rng.lognormvariate(0, 0.5) for w in weights]
    comment_weights[focus] = 0.0
    caps = [size.comments] * n_ideas
    caps[focus] = 0
    comment_counts = _allocate(rng, size.comments - n_focus, comment_weights, caps)
    comment_counts[focus] = n_focus
    cm0 = _next_id(Comment)
    c_idea, c_parent, c_author, c_body, c_at, c_deleted = (
        array("i"),
        array("q"),
        array("i"),
        array("b"),
        array("d"),
        array("b"),
    )
    live_comments = array("i", [0]) * n_ideas
    for k in range(n_ideas):
        n = comment_counts[k]
        if not n:
            continue
        roots: list[int] = []
        n_roots = max(1, round(n * (1 - REPLY_SHARE)))
        for j in range(n):
            is_root = j < n_roots
            if is_root:
                parent = 0
                at = idea_created[k] + (now_s - idea_created[k]) * rng.random() ** 2
            else:
                p = rng.choice(roots)
                parent = cm0 + p
                at = c_at[p] + (now_s - c_at[p]) * rng.random() ** 2
            index = len(c_idea)
            if is_root:
                roots.append(index)
            deleted = rng.random() < DELETED_COMMENT_SHARE
            if not deleted:
                live_comments[k] += 1
            c_idea.append(k)
            c_parent.append(parent)
            c_author.append(rng.randrange(n_users))
            c_body.append(rng.randrange(len(bodies)))
            c_at.append(min(at, now_s))
            c_deleted.append(deleted)
    log(f"comments planned: {len(c_idea)}")

    # --- Write ideas, then what refers to them -----------------------------------------------
    withdrawn = [k != focus and rng.random() < WITHDRAWN_SHARE for k in range(n_ideas)]
    ch_ideas = [0] * n_ch
    for k in range(n_ideas):
        if idea_ch[k] >= 0 and not withdrawn[k]:
            ch_ideas[idea_ch[k]] += 1
    topic_ids = list(Topic.objects.values_list("id", flat=True))

    def challenge_rows() -> Iterator[tuple]:
        for c in range(n_ch):
            created = _ts(ch_created[c])
            yield (
                c0 + c,
                f"Challenge {c0 + c}: {_SUBJECTS[c % len(_SUBJECTS)]}",
                "Wie machen wir Bielefeld lebenswerter?",
                "Wir suchen **Ideen** für eine lebenswerte Stadt.",
                ch_html,
                depts[c % len(depts)] if depts else None,
                created,
                _ts(ch_close[c]),
                ch_status[c],
                True,
                ch_ideas[c],
                u0 + staff[c % len(staff)],
                created,
                created,
            )

    ins.insert(
        Challenge,
        ["id", "title", "summary", "description", "description_html", "organisation_id"]
        + ["opens_at", "closes_at", "status", "voting_open", "idea_count", "created_by_id"]
        + ["created_at", "updated_at"],
        challenge_rows(),
    )
    if topic_ids:
        Challenge.topics.through.objects.bulk_create(
            [
                Challenge.topics.through(challenge_id=c0 + c, topic_id=rng.choice(topic_ids))
                for c in range(n_ch)
            ]
        )

    # Texts from a generator of their own, so the rest of the dataset stays what it was.
    texts = IdeaTexts(random.Random(seed + 1))

    def idea_rows() -> Iterator[tuple]:
        for k in range(n_ideas):
            title, summary, description = texts.next(i0 + k)
            author = idea_author[k]
            created = _ts(idea_created[k])
            c = idea_ch[k]
            score = up[k] - down[k]
            if c >= 0 and ch_status[c] == Challenge.Status.OPEN:
                status = pick_status() if rng.random() < 0.3 else Idea.Status.SUBMITTED
            else:
                status = pick_status()
            if k == focus:
                status = Idea.Status.SUBMITTED
            orgs = orgs_of.get(author)
            yield (
                i0 + k,
                title,
                summary,
                description,
                render_markdown(description),
                None if c < 0 else c0 + c,
                u0 + author,
                sectors[author],
                rng.choice(orgs) if orgs and rng.random() < 0.3 else None,
                rng.random() < 0.15,
                status,
                up[k],
                down[k],
                score,
                hot_score(score, created),
                live_comments[k],
                created,
                created,
                None,
                _ts(idea_created[k] + 86400) if withdrawn[k] else None,
            )

    ins.insert(
        Idea,
        ["id", "title", "summary", "description", "description_html", "challenge_id"]
        + ["author_id", "sector", "organisation_id", "seeking_cocreators", "status"]
        + ["up_count", "down_count", "score", "hot", "comment_count", "created_at"]
        + ["updated_at", "edited_at", "withdrawn_at"],
        idea_rows(),
    )
    log(f"ideas: {n_ideas}")
    if topic_ids:
        ins.insert(
            Idea.topics.through,
            ["idea_id", "topic_id"],
            (
                (i0 + k, t)
                for k in range(n_ideas)
                for t in rng.sample(topic_ids, rng.choice((0, 1, 1, 2)))
            ),
        )

    ins.insert(
        Vote,
        ["idea_id", "user_id", "value", "created_at", "updated_at"],
        (
            (i0 + v_idea[j], u0 + v_user[j], v_value[j], at, at)
            for j in range(len(v_idea))
            for at in (_ts(v_at[j]),)
        ),
    )
    log(f"votes: {len(v_idea)}")

    def comment_rows() -> Iterator[tuple]:
        for j in range(len(c_idea)):
            at = _ts(c_at[j])
            deleted = c_deleted[j]
            body, html = ("", "") if deleted else bodies[c_body[j]]
            yield (
                cm0 + j,
                i0 + c_idea[j],
                c_parent[j] or None,
                u0 + c_author[j],
                body,
                html,
                at,
                None,
                at + timedelta(hours=1) if deleted else None,
            )

    ins.insert(
        Comment,
        ["id", "idea_id", "parent_id", "author_id", "body", "body_html", "created_at"]
        + ["edited_at", "deleted_at"],
        comment_rows(),
    )
    log(f"comments: {len(c_idea)}")
    ins.finish([User, Organisation, Challenge, Idea, Comment, Vote])
    return DatasetResult(
        size=size,
        seconds=time.monotonic() - started,
        rows=ins.rows,
        focus_idea_id=i0 + focus,
        focus_challenge_id=c0 + focus_ch if focus_ch >= 0 else 0,
        user_ids=range(u0, u0 + n_users),
    )
