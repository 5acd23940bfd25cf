"""Seed of the XSS test: every payload of tests/security/xss_payloads.txt stored in every text
field, through the services (so what is stored and rendered is what a person could store), in
chunks that a few pages show whole. Run in the server's database like tests.browser.seed."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError

from accounts.models import Organisation, Sector
from accounts.services import organisation_create
from challenges.models import Challenge
from ideas.models import IDEA_SUMMARY_MIN_LENGTH, IDEA_TITLE_MIN_LENGTH, Idea
from ideas.services import cocreator_offer, comment_post, idea_set_status, idea_submit
from tests.browser.seed import make_user, open_challenge, person

PAYLOADS = Path(__file__).resolve().parents[1] / "security" / "xss_payloads.txt"
CHUNK = 20


def payloads() -> list[str]:
    lines = PAYLOADS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("##")]


def chunks(items: list[str]) -> list[list[str]]:
    return [items[n : n + CHUNK] for n in range(0, len(items), CHUNK)]


def _fit(text: str, *, low: int, high: int) -> str:
    """The payload, cut to a field's maximum and padded to its minimum."""
    return text[:high].ljust(low, ".")


def _joined(chunk: list[str]) -> str:
    return "\n\n".join(chunk)


def seed() -> dict:
    """Per chunk of payloads: a challenge (texts), one person per payload (display name) with
    an idea (title, summary, description) and an organisation (name, website, description);
    on the chunk's first idea every payload as a comment, an offer of help and an official
    response. Returns the ids the pages to load need, and how many values a service refused
    (a refusal is also a control: it is counted, not hidden)."""
    staff = make_user("Stadt", Sector.ADMINISTRATION, staff=True)
    helper = make_user("Helfer")
    refused = 0
    result = {"challenges": [], "ideas": [], "organisations": [], "people": []}
    for number, chunk in enumerate(chunks(payloads())):
        challenge = open_challenge(
            staff,
            title=chunk[0][:160],
            summary=chunk[-1][:300],
            description=_joined(chunk),
        )
        people = [make_user(payload[:80]) for payload in chunk]
        ideas = [
            idea_submit(
                author=author,
                challenge=challenge,
                title=_fit(payload, low=IDEA_TITLE_MIN_LENGTH, high=160),
                summary=_fit(payload, low=IDEA_SUMMARY_MIN_LENGTH, high=300),
                description=_joined(chunk) if n == 0 else payload,
                seeking_cocreators=n == 0,
            )
            for n, (author, payload) in enumerate(zip(people, chunk, strict=True))
        ]
        first = ideas[0]
        for n, (author, payload) in enumerate(zip(people, chunk, strict=True)):
            comment_post(author=author, idea=first, body=payload)
            cocreator_offer(user=author if n else helper, idea=first, message=payload)
        for n, payload in enumerate(chunk):  # back and forth: one official response each
            status = Idea.Status.NOT_PURSUED if n % 2 == 0 else Idea.Status.UNDER_REVIEW
            idea_set_status(actor=staff, idea=first, status=status, response=payload)
        orgs = []
        for n, (author, payload) in enumerate(zip(people, chunk, strict=True)):
            fields = {
                "name": f"{payload[:110]} {number}-{n}",
                "kind": Organisation.Kind.ASSOCIATION,
                "description": _joined(chunk) if n == 0 else payload,
            }
            try:
                orgs.append(organisation_create(actor=author, website=payload, **fields))
            except ValidationError:
                refused += 1  # the website is no URL: stored without it
                orgs.append(organisation_create(actor=author, **fields))
        result["challenges"].append(challenge.pk)
        result["ideas"].append(first.pk)
        result["organisations"].append(orgs[0].slug)
    people = [make_user(payload[:80]) for payload in payloads()[:CHUNK]]
    result["people"] = [person(user) for user in people]
    result["staff"] = person(staff)
    result["refused_websites"] = refused
    result["payloads"] = len(payloads())
    result["open_challenge"] = Challenge.objects.filter(status="open").latest("pk").pk
    return result


def main() -> None:
    print("SEED-RESULT " + json.dumps(seed()))
