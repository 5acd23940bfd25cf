"""`manage.py seed_demo`: a lively, Bielefeld-flavoured demo city, created through the services.

This is a deployment tool, not domain logic. It lives in `accounts`, the lowest app, so that it
is always installed, and it is the one module there that imports the higher apps (challenges,
ideas, votes): it drives their public services exactly as people would, so tallies, counters,
status histories and live events are as consistent as in real use. Nothing else may import
upwards like this.

Idempotent: everything is created in one transaction, and a second run finds the demo staff
account, adds nothing and prints the logins again.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts import services as accounts
from accounts.models import CITY_STAFF_GROUP, Membership, Organisation, Sector, Topic, User
from challenges import services as challenges
from challenges.models import Challenge
from ideas import services as ideas
from ideas.models import Comment, Idea, IdeaStatusChange, hot_score
from realtime.models import Event
from votes.services import vote_cast

DEMO_PASSWORD = "oic-demo-2026"  # noqa: S105 - published on purpose: demo logins only
STAFF_EMAIL = "staff@example.org"
CITIZEN_EMAIL = "citizen@example.org"
SITE_URL = "http://127.0.0.1:8000/"

# key: (email, display name, sector, bio)
PEOPLE: dict[str, tuple[str, str, str, str]] = {
    "staff": (
        STAFF_EMAIL,
        "Svenja Krüger",
        Sector.ADMINISTRATION,
        "Digitalisierungsbüro der Stadt Bielefeld, Team Open Innovation.",
    ),
    "citizen": (
        CITIZEN_EMAIL,
        "Aylin Demir",
        Sector.CITIZEN,
        "Wohne in Brackwede, fahre Rad und freue mich über jede neue Bank im Park.",
    ),
    "tobias": (
        "tobias.brinkmann@example.org",
        "Tobias Brinkmann",
        Sector.CITIZEN,
        "Pendelt täglich aus Sennestadt in die Innenstadt.",
    ),
    "helga": (
        "helga.schroeder@example.org",
        "Helga Schröder",
        Sector.CITIZEN,
        "Rentnerin im Bielefelder Westen, Stadtteilgärtnerin.",
    ),
    "lena": (
        "lena.hoffmann@example.org",
        "Lena Hoffmann",
        Sector.CIVIL_SOCIETY,
        "Vorstand im Grünen Band Bielefeld e. V.",
    ),
    "ole": (
        "ole.janssen@example.org",
        "Ole Janßen",
        Sector.CIVIL_SOCIETY,
        "Organisiert Repair-Cafés und Fahrradwerkstätten.",
    ),
    "mehmet": (
        "mehmet.yilmaz@example.org",
        "Mehmet Yılmaz",
        Sector.BUSINESS,
        "Gründer der Sparrenburg Software GmbH.",
    ),
    "claudia": (
        "claudia.vogt@example.org",
        "Claudia Vogt",
        Sector.BUSINESS,
        "Geschäftsführerin eines Lastenrad-Lieferdienstes.",
    ),
    "katrin": (
        "katrin.wolf@example.org",
        "Dr. Katrin Wolf",
        Sector.RESEARCH,
        "Leitet die Forschungsgruppe Urbane Datenräume.",
    ),
    "jonas": (
        "jonas.petersen@example.org",
        "Jonas Petersen",
        Sector.RESEARCH,
        "Doktorand, Stadtklima und Sensorik.",
    ),
    "sven": (
        "sven.meier@example.org",
        "Sven Meier",
        Sector.ADMINISTRATION,
        "Umweltamt, Sachgebiet Stadtgrün.",
    ),
}

# key: (name, kind, founder, topics, website, description, [(member, role)])
ORGANISATIONS: dict[str, tuple] = {
    "digibuero": (
        "Digitalisierungsbüro der Stadt Bielefeld",
        Organisation.Kind.CITY_DEPARTMENT,
        "staff",
        ["smart-city", "digital-administration"],
        "https://digitalisierung.example.org",
        "Treibt die digitale Stadtentwicklung voran und betreibt diese Plattform.",
        [],
    ),
    "umweltamt": (
        "Umweltamt der Stadt Bielefeld",
        Organisation.Kind.CITY_DEPARTMENT,
        "staff",
        ["green-city"],
        "",
        "Zuständig für Stadtgrün, Klimaanpassung und Umweltschutz.",
        [("sven", Membership.Role.ADMIN)],
    ),
    "datenraeume": (
        "Forschungsgruppe Urbane Datenräume",
        Organisation.Kind.RESEARCH,
        "katrin",
        ["smart-city", "open-industry"],
        "https://datenraeume.example.org",
        "Interdisziplinäre Forschungsgruppe zu offenen Stadtdaten und Sensorik.",
        [("jonas", Membership.Role.MEMBER)],
    ),
    "gruenesband": (
        "Grünes Band Bielefeld e. V.",
        Organisation.Kind.ASSOCIATION,
        "lena",
        ["green-city", "culture-society"],
        "https://gruenes-band.example.org",
        "Bürgerverein für mehr Grün, Gemeinschaftsgärten und Reparaturkultur.",
        [("ole", Membership.Role.MEMBER), ("helga", Membership.Role.MEMBER)],
    ),
    "sparrenburg": (
        "Sparrenburg Software GmbH",
        Organisation.Kind.COMPANY,
        "mehmet",
        ["open-industry", "future-of-work"],
        "https://sparrenburg-software.example.org",
        "Software für den ostwestfälischen Mittelstand.",
        [],
    ),
    "teutolast": (
        "Teuto Lastenrad Logistik GmbH",
        Organisation.Kind.COMPANY,
        "claudia",
        ["future-mobility", "green-city"],
        "",
        "Emissionsfreie Lieferungen auf der letzten Meile.",
        [],
    ),
}

# key: (title, summary, description, topics, organisation, final status)
CHALLENGES: dict[str, tuple] = {
    "gruen": (
        "Mehr Grün am Jahnplatz",
        "Wie wird der Jahnplatz grüner, kühler und einladender – ohne den Verkehr auszusperren?",
        "Der Jahnplatz ist seit dem Umbau ruhiger geworden, aber im Sommer heizt er sich stark "
        "auf. Das **Umweltamt** sucht Ideen für Bäume, Beete, Wasser und Schatten.\n\n"
        "- Was muss wachsen, was muss bleiben?\n- Wer kümmert sich um die Pflege?\n"
        "- Wie messen wir, ob es wirkt?",
        ["green-city"],
        "umweltamt",
        Challenge.Status.OPEN,
    ),
    "mobil": (
        "Mobil zwischen Sennestadt und Innenstadt",
        "Wie kommen Menschen aus Sennestadt schnell, günstig und klimafreundlich in die City?",
        "Zwischen Sennestadt und der Innenstadt pendeln täglich tausende Menschen. Wir suchen "
        "Ideen für **Bus, Bahn, Rad und Sharing** – und für die Verbindungen dazwischen.",
        ["future-mobility", "smart-city"],
        "digibuero",
        Challenge.Status.OPEN,
    ),
    "industrie": (
        "Offene Daten für den Mittelstand in OWL",
        "Welche städtischen Daten helfen Unternehmen in Ostwestfalen-Lippe, neue Dienste zu bauen?",
        "Die Stadt veröffentlicht Daten zu Verkehr, Umwelt und Infrastruktur. Welche fehlen, "
        "und wie müssen sie aussehen, damit **Open Industry** daraus entsteht?",
        ["open-industry", "digital-administration"],
        "digibuero",
        Challenge.Status.EVALUATION,
    ),
    "arbeit": (
        "Arbeiten im Quartier: Coworking in den Stadtteilen",
        "Wie bringen wir gute Arbeitsplätze dorthin, wo die Menschen wohnen?",
        "Homeoffice ist nicht für alle ideal, der Weg ins Büro auch nicht. Wie könnten "
        "**Coworking-Orte** in Brackwede, Heepen oder Schildesche aussehen?",
        ["future-of-work"],
        "digibuero",
        Challenge.Status.CLOSED,
    ),
    "buergeramt": (
        "Digitale Bürgerdienste ohne Wartemarke",
        "Welche Behördengänge sollen zuerst vollständig online möglich sein?",
        "Entwurf: Wir sammeln zuerst intern, welche Dienste in Frage kommen.",
        ["digital-administration"],
        "digibuero",
        Challenge.Status.DRAFT,
    ),
}

# key: (author, challenge or None, title, summary, description, topics, organisation, co-creators)
IDEAS: dict[str, tuple] = {
    "baeume": (
        "helga",
        "gruen",
        "Schattenbäume statt Steinwüste",
        "Zehn große Klimabäume auf der Nordseite des Platzes, mit Sitzringen drumherum.",
        "Platanen oder Zürgelbäume vertragen Hitze. Mit **Sitzringen** entsteht gleichzeitig "
        "ein Treffpunkt.",
        ["green-city"],
        None,
        False,
    ),
    "brunnen": (
        "citizen",
        "gruen",
        "Trinkbrunnen am Jahnplatz",
        "Ein öffentlicher Trinkbrunnen, damit an heißen Tagen niemand Wasser kaufen muss.",
        "Andere Städte machen es vor. Wichtig: barrierefrei und im Winter abstellbar.",
        ["green-city"],
        None,
        False,
    ),
    "patenschaft": (
        "lena",
        "gruen",
        "Beet-Patenschaften für Anwohnende",
        "Der Verein organisiert Patenschaften für Beete, die Stadt stellt Erde und Wasser.",
        "Wir haben Erfahrung aus dem Bielefelder Westen. Wer macht mit?",
        ["green-city", "culture-society"],
        "gruenesband",
        True,
    ),
    "sensoren": (
        "jonas",
        "gruen",
        "Klimasensoren messen, was das Grün bringt",
        "Temperatur- und Feuchtesensoren vor und nach der Begrünung, Daten offen für alle.",
        "Wir stellen die Sensorik, die Daten landen im offenen Datenportal.",
        ["green-city", "smart-city"],
        "datenraeume",
        True,
    ),
    "fassade": (
        "mehmet",
        "gruen",
        "Fassadengrün an den Geschäftshäusern",
        "Ein Förderprogramm, mit dem Eigentümer ihre Fassaden begrünen.",
        "",
        ["green-city"],
        None,
        False,
    ),
    "wasserspiel": (
        "tobias",
        "gruen",
        "Wasserspiel für Kinder",
        "Bodenfontänen, die an heißen Tagen kühlen und Kinder begeistern.",
        "",
        ["green-city"],
        None,
        False,
    ),
    "parklets": (
        "ole",
        "gruen",
        "Mobile Parklets aus recyceltem Holz",
        "Pflanzkübel mit Bänken, die im Repair-Café gebaut und saisonal umgestellt werden.",
        "",
        ["green-city", "culture-society"],
        "gruenesband",
        True,
    ),
    "expressbus": (
        "tobias",
        "mobil",
        "Expressbus im 10-Minuten-Takt",
        "Ein Schnellbus über den Ostwestfalendamm mit nur drei Halten.",
        "Zur Hauptverkehrszeit wäre der Bus **schneller als das Auto**.",
        ["future-mobility"],
        None,
        False,
    ),
    "radschnellweg": (
        "citizen",
        "mobil",
        "Radschnellweg entlang der Bahn",
        "Ein durchgehender, beleuchteter Radweg von Sennestadt bis zum Hauptbahnhof.",
        "",
        ["future-mobility", "green-city"],
        None,
        False,
    ),
    "lastenrad": (
        "claudia",
        "mobil",
        "Lastenrad-Verleih an Stadtbahn-Haltestellen",
        "An fünf Haltestellen Lastenräder zum Ausleihen, per App buchbar.",
        "Wir betreiben die Räder, die Stadt stellt die Flächen.",
        ["future-mobility"],
        "teutolast",
        True,
    ),
    "mitfahrbank": (
        "helga",
        "mobil",
        "Mitfahrbänke in Sennestadt",
        "Wer auf der Bank sitzt, möchte mitgenommen werden – einfach und nachbarschaftlich.",
        "",
        ["future-mobility", "culture-society"],
        None,
        False,
    ),
    "echtzeit": (
        "mehmet",
        "mobil",
        "Echtzeit-Anschlüsse in einer App",
        "Bus, Bahn, Leihrad und Mitfahrgelegenheit in einer Auskunft mit echten Ankunftszeiten.",
        "",
        ["future-mobility", "smart-city"],
        "sparrenburg",
        True,
    ),
    "nachtbus": (
        "ole",
        "mobil",
        "Nachtbus am Wochenende",
        "Freitags und samstags stündlich ein Nachtbus nach Sennestadt.",
        "",
        ["future-mobility"],
        None,
        False,
    ),
    "verkehrsdaten": (
        "katrin",
        "industrie",
        "Verkehrszählungen als offene Schnittstelle",
        "Die Zähldaten der Ampeln und Radzählstellen live als offene API.",
        "Eine dokumentierte API mit Lizenz *dl-de/by-2-0* würde vielen helfen.",
        ["open-industry", "smart-city"],
        "datenraeume",
        False,
    ),
    "gewerbeflaechen": (
        "mehmet",
        "industrie",
        "Freie Gewerbeflächen als Datensatz",
        "Ein tagesaktueller Datensatz freier Gewerbeflächen mit Lage und Anbindung.",
        "",
        ["open-industry"],
        "sparrenburg",
        False,
    ),
    "hackathon": (
        "jonas",
        "industrie",
        "Open-Data-Hackathon mit dem Mittelstand",
        "Ein Wochenende, an dem Firmen, Studierende und Verwaltung mit den Daten bauen.",
        "",
        ["open-industry", "education"],
        None,
        True,
    ),
    "baustellen": (
        "claudia",
        "industrie",
        "Baustellen-Kalender maschinenlesbar",
        "Geplante Baustellen als Datenfeed, damit Lieferdienste Touren planen können.",
        "",
        ["open-industry", "future-mobility"],
        "teutolast",
        False,
    ),
    "stadtteilbuero": (
        "lena",
        "arbeit",
        "Coworking im Stadtteilzentrum",
        "Leerstehende Räume im Stadtteilzentrum als günstige Arbeitsplätze mit Kinderbetreuung.",
        "",
        ["future-of-work", "culture-society"],
        "gruenesband",
        False,
    ),
    "bibliothek": (
        "citizen",
        "arbeit",
        "Arbeitsplätze in der Stadtteilbibliothek",
        "Ruhige, buchbare Arbeitsplätze mit WLAN in den Stadtteilbibliotheken.",
        "",
        ["future-of-work", "education"],
        None,
        False,
    ),
    "coworking_land": (
        "mehmet",
        "arbeit",
        "Firmen teilen ihre Büros",
        "Unternehmen bieten ungenutzte Schreibtische tageweise für Menschen aus dem Quartier an.",
        "",
        ["future-of-work"],
        "sparrenburg",
        False,
    ),
    "reparatur": (
        "ole",
        None,
        "Repair-Café in jedem Stadtteil",
        "Einmal im Monat reparieren Freiwillige Geräte, Räder und Kleidung – wer hilft mit?",
        "Wir suchen Räume, Werkzeug und Menschen mit Geduld.",
        ["culture-society", "green-city"],
        "gruenesband",
        True,
    ),
    "sensorkit": (
        "katrin",
        None,
        "Luftqualitäts-Sensoren für Schulen",
        "Schulklassen bauen Sensoren, messen die Luft und lernen dabei Programmieren.",
        "",
        ["education", "smart-city"],
        "datenraeume",
        True,
    ),
    "bank_app": (
        "tobias",
        None,
        "Defekte Parkbänke per Foto melden",
        "Ein Foto genügt: Ort und Schaden landen direkt beim zuständigen Amt.",
        "",
        ["digital-administration"],
        None,
        False,
    ),
    "foodsharing": (
        "helga",
        None,
        "Fairteiler-Kühlschränke im Quartier",
        "Öffentliche Kühlschränke, in denen Nachbarn übrige Lebensmittel teilen.",
        "",
        ["culture-society"],
        None,
        True,
    ),
    "sprechstunde": (
        "sven",
        None,
        "Digitale Sprechstunde des Umweltamts",
        "Einmal pro Woche eine offene Videosprechstunde zu Baumschutz und Stadtgrün.",
        "",
        ["digital-administration", "green-city"],
        "umweltamt",
        False,
    ),
    "ausbildung": (
        "claudia",
        None,
        "Ausbildungsverbund für Fahrradmechatronik",
        "Kleine Betriebe bilden gemeinsam aus und teilen sich Werkstatt und Berufsschule.",
        "",
        ["future-of-work", "education"],
        "teutolast",
        True,
    ),
}

# (idea, author, body, [(author, reply)])
COMMENTS: list[tuple] = [
    (
        "baeume",
        "sven",
        "Danke! Unter dem Platz liegen Leitungen – wir prüfen, wo große Bäume möglich sind.",
        [("helga", "Dann vielleicht große Pflanzkübel an den Stellen mit Leitungen?")],
    ),
    (
        "baeume",
        "lena",
        "Unser Verein würde beim Gießen in den ersten Sommern helfen.",
        [("citizen", "Super, ich wäre auch dabei!"), ("helga", "Wunderbar, danke euch!")],
    ),
    (
        "brunnen",
        "jonas",
        "Man könnte den Wasserverbrauch messen und zeigen, wie viele Flaschen gespart werden.",
        [],
    ),
    (
        "expressbus",
        "citizen",
        "Wichtig wäre ein Halt am Sennestadthaus, sonst lohnt es sich für viele nicht.",
        [("tobias", "Guter Punkt – dann vier Halte statt drei.")],
    ),
    (
        "lastenrad",
        "ole",
        "Wir könnten die Wartung in unserer Fahrradwerkstatt übernehmen.",
        [("claudia", "Sehr gern, lass uns dazu sprechen!")],
    ),
    (
        "radschnellweg",
        "katrin",
        "Wir haben Zähldaten zur Radnutzung auf dieser Achse und teilen sie gern.",
        [],
    ),
    (
        "verkehrsdaten",
        "mehmet",
        "Als Abnehmer der Daten: bitte mit stabilen Versionen und Änderungshinweisen.",
        [("katrin", "Genau, dafür schlagen wir eine versionierte Schnittstelle vor.")],
    ),
    (
        "reparatur",
        "helga",
        "Ich kann nähen und würde Kleidung reparieren.",
        [("ole", "Herzlich willkommen im Team!")],
    ),
    (
        "stadtteilbuero",
        "tobias",
        "Mit Kinderbetreuung wäre das für Eltern ein echter Gewinn.",
        [],
    ),
]

# (idea, [(new status, official response)])
STATUS_CHANGES: list[tuple] = [
    (
        "baeume",
        [
            (Idea.Status.UNDER_REVIEW, "Das Umweltamt prüft gerade die Leitungspläne."),
            (
                Idea.Status.SELECTED,
                "Die Idee wird umgesetzt: **sechs Klimabäume** sind für den Herbst eingeplant.",
            ),
        ],
    ),
    (
        "expressbus",
        [(Idea.Status.UNDER_REVIEW, "Wir prüfen mit dem Verkehrsbetrieb einen Testbetrieb.")],
    ),
    (
        "verkehrsdaten",
        [
            (Idea.Status.UNDER_REVIEW, "Wird in der Auswertung der Challenge berücksichtigt."),
        ],
    ),
    (
        "coworking_land",
        [
            (Idea.Status.UNDER_REVIEW, ""),
            (
                Idea.Status.NOT_PURSUED,
                "Die Stadt kann hier nicht vermitteln; wir verweisen auf die Wirtschaftsförderung.",
            ),
        ],
    ),
    (
        "reparatur",
        [
            (Idea.Status.UNDER_REVIEW, ""),
            (Idea.Status.SELECTED, "Wir stellen Räume in zwei Stadtteilzentren zur Verfügung."),
            (Idea.Status.IN_PROGRESS, "Das erste Repair-Café öffnet im nächsten Monat."),
        ],
    ),
]


class Command(BaseCommand):
    help = "Load demo people, organisations, challenges, ideas, comments and votes (idempotent)."

    def add_arguments(self, parser) -> None:
        # `make run` passes its HOST and PORT, so the printed address is the one it serves.
        parser.add_argument("--url", default=SITE_URL, help="The site's address, printed.")

    def handle(self, *args, **options) -> None:
        if User.objects.filter(email__iexact=STAFF_EMAIL).exists():
            self.stdout.write("Demo data is already there; nothing added.")
        else:
            with transaction.atomic():
                self._seed()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self._print_logins(options["url"])

    def _print_logins(self, url: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Open Innovation City: {url}"))
        self.stdout.write(f"  City staff: {STAFF_EMAIL}  password: {DEMO_PASSWORD}")
        self.stdout.write(f"  Citizen:    {CITIZEN_EMAIL}  password: {DEMO_PASSWORD}")
        self.stdout.write("  (Every demo person has this password.)")
        self.stdout.write("")

    def _seed(self) -> None:
        people = self._people()
        staff = people["staff"]
        orgs = self._organisations(people)
        now = timezone.now()
        challenge_by_key: dict[str, Challenge] = {}
        for key, (title, summary, description, topics, org, final) in CHALLENGES.items():
            challenge_by_key[key] = challenges.challenge_create(
                actor=staff,
                title=title,
                summary=summary,
                description=description,
                topics=list(Topic.objects.filter(slug__in=topics)),
                organisation=orgs[org],
                opens_at=now - timedelta(days=21),
                closes_at=now + timedelta(days=42),
                # Everything but the draft opens first, so that it can gather ideas.
                status=(
                    Challenge.Status.DRAFT
                    if final == Challenge.Status.DRAFT
                    else Challenge.Status.OPEN
                ),
            )
        idea_by_key = self._ideas(people, orgs, challenge_by_key)
        self._votes(people, idea_by_key)
        for idea_key, author, body, replies in COMMENTS:
            idea = idea_by_key[idea_key]
            root = ideas.comment_post(author=people[author], idea=idea, body=body)
            for reply_author, reply in replies:
                ideas.comment_post(author=people[reply_author], idea=idea, body=reply, parent=root)
        for idea_key, steps in STATUS_CHANGES:
            for status, response in steps:
                ideas.idea_set_status(
                    actor=staff, idea=idea_by_key[idea_key], status=status, response=response
                )
        # The phases move last: closed challenges take no more comments or votes.
        for key, (*_rest, final) in CHALLENGES.items():
            challenge = challenge_by_key[key]
            if final in (Challenge.Status.EVALUATION, Challenge.Status.CLOSED):
                challenges.challenge_update(
                    actor=staff, challenge=challenge, status=final, closes_at=timezone.now()
                )
        self._spread_over_time(challenge_by_key, idea_by_key, now)

    def _spread_over_time(self, challenge_by_key, idea_by_key, now) -> None:
        """The services stamp everything with the moment it happens, so a demo made in one
        second looks frozen: same dates everywhere, "trending" equal to "new". Move the story
        back over the last three weeks, deterministically: ideas in the order they were
        posted, each idea's comments and answers after it, and the feed's events with them.
        Tallies, counters and the hot score stay consistent (hot is recomputed)."""
        latest = now - timedelta(minutes=10)
        start = now - timedelta(days=20)
        Challenge.objects.filter(pk__in=[c.pk for c in challenge_by_key.values()]).update(
            created_at=now - timedelta(days=22), updated_at=now - timedelta(days=22)
        )
        step = timedelta(days=19) / max(len(idea_by_key), 1)
        for i, idea in enumerate(
            Idea.objects.filter(pk__in=[x.pk for x in idea_by_key.values()]).order_by("pk")
        ):
            created = start + step * i
            Idea.objects.filter(pk=idea.pk).update(
                created_at=created, updated_at=created, hot=hot_score(idea.score, created)
            )
            Event.objects.filter(type="idea.created", data__id=idea.pk).update(created_at=created)
            for k, comment in enumerate(Comment.objects.filter(idea=idea).order_by("pk")):
                Comment.objects.filter(pk=comment.pk).update(
                    created_at=min(created + timedelta(hours=5 * (k + 1)), latest)
                )
            for k, change in enumerate(idea.status_changes.order_by("pk")):
                IdeaStatusChange.objects.filter(pk=change.pk).update(
                    created_at=min(created + timedelta(days=2 + k), latest)
                )

    def _people(self) -> dict[str, User]:
        people = {}
        for key, (email, name, sector, bio) in PEOPLE.items():
            user = accounts.user_register(
                email=email, password=DEMO_PASSWORD, display_name=name, sector=sector
            )
            people[key] = accounts.user_update_profile(user=user, bio=bio)
        staff = people["staff"]
        # Granting the city-staff role is an administrator's act in the admin, not a domain
        # workflow; the demo does what that administrator would do. Admin access comes with it
        # so the demo admin is reachable.
        staff.groups.add(Group.objects.get(name=CITY_STAFF_GROUP))
        staff.is_staff = True
        staff.save(update_fields=["is_staff"])
        staff.__dict__.pop("is_city_staff", None)
        return people

    def _organisations(self, people: dict[str, User]) -> dict[str, Organisation]:
        orgs = {}
        for key, (name, kind, founder, topics, website, text, members) in ORGANISATIONS.items():
            org = accounts.organisation_create(
                actor=people[founder],
                name=name,
                kind=kind,
                website=website,
                description=text,
                topics=list(Topic.objects.filter(slug__in=topics)),
            )
            for member, role in members:
                accounts.membership_add(
                    actor=people[founder], organisation=org, user=people[member], role=role
                )
            orgs[key] = org
        return orgs

    def _ideas(self, people, orgs, challenge_by_key) -> dict[str, Idea]:
        result = {}
        for key, spec in IDEAS.items():
            author, challenge, title, summary, description, topics, org, seeking = spec
            result[key] = ideas.idea_submit(
                author=people[author],
                challenge=challenge_by_key[challenge] if challenge else None,
                title=title,
                summary=summary,
                description=description,
                topics=list(Topic.objects.filter(slug__in=topics)),
                organisation=orgs[org] if org else None,
                seeking_cocreators=seeking,
            )
        return result

    def _votes(self, people: dict[str, User], idea_by_key: dict[str, Idea]) -> None:
        """A fixed, varied pattern: most people like most ideas, some disagree, none vote on
        their own, later ideas get fewer voices. Deterministic, so every demo looks alike."""
        voters = list(people.values())
        for i, idea in enumerate(idea_by_key.values()):
            for j, voter in enumerate(voters):
                if voter.pk == idea.author_id or (i + j) % 3 == 0 or (i > 12 and j % 2 == 0):
                    continue
                value = -1 if (i * 7 + j * 3) % 10 == 0 else 1
                vote_cast(user=voter, idea=idea, value=value)
