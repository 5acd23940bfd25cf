"""`manage.py seed_demo`: a lively, Bielefeld-flavoured demo city that tells its story over
three weeks, written by the services alone.

It lives in `oic`, the project package that wires every app together, because it is the one
place allowed to import them all: it drives the public services of accounts, challenges,
ideas and votes exactly as people would, so tallies, counters, status histories and the live
event log are as consistent as in real use. Each service call runs at its own moment of the
story (time-machine moves the clock for it, in order), so nothing is ever rewritten afterwards
and every ordering ("new", "top", "trending", "discussed") shows a different first three.
time-machine comes with the development extras (`pip install -e '.[dev]'`, as `make run` does).

Idempotent: everything is created in one transaction, and a second run finds the demo staff
account, adds nothing and prints the logins again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import services as accounts
from accounts.models import CITY_STAFF_GROUP, Membership, Organisation, Sector, Topic, User
from challenges import services as challenges
from challenges.models import Challenge
from ideas import services as ideas
from ideas.evaluation import services as evaluation
from ideas.evaluation.models import Criterion
from ideas.gatherings import services as gatherings
from ideas.gatherings.models import Event, Team
from ideas.models import Idea
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

# Working groups (issue 17): key -> (name, founder, topics, joining, description, offers,
# who joins an open group themselves, who asks to join one by request: (person, message,
# accepted by the founder?)). They share the organisations' keys (self.orgs).
WORKING_GROUPS: dict[str, tuple] = {
    "codefor": (
        "Code for Bielefeld",
        "jonas",
        ["smart-city", "digital-administration"],
        Organisation.Joining.OPEN,
        "Ehrenamtliche, die mit offenen Daten nützliche Anwendungen für Bielefeld bauen. Wir "
        "treffen uns monatlich im Open Innovation Office – komm einfach vorbei.",
        ["cocreators", "expertise"],
        ["tobias", "mehmet"],
        [],
    ),
    "beteiligung": (
        "AG Beteiligungsleitlinien",
        "lena",
        ["culture-society", "digital-administration"],
        Organisation.Joining.REQUEST,
        "Verwaltung, Politik und Zivilgesellschaft schreiben gemeinsam Leitlinien für gute "
        "Bürgerbeteiligung in Bielefeld.",
        [],
        [],
        [
            ("sven", "Ich bringe die Sicht des Umweltamts ein.", True),
            ("helga", "Ich möchte die Sicht der Älteren einbringen.", True),
            ("citizen", "Ich würde gern mitschreiben.", False),
        ],
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
# In the order they are posted: all but the last RECENT over the first weeks, those today.
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
        "codefor",  # posted as the working group
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


# Votes as (up, down) per idea, chosen so that each ordering leads with other ideas: "top" with
# three older favourites, "trending" with today's well-liked ideas, "new" with today's latest
# (hardly voted yet) and "discussed" with the ideas that have the most comments.
VOTES: dict[str, tuple[int, int]] = {
    "radschnellweg": (10, 0),
    "expressbus": (9, 0),
    "lastenrad": (8, 0),
    "baeume": (7, 1),
    "sensorkit": (7, 0),
    "bank_app": (8, 1),
    "foodsharing": (6, 0),
    "sprechstunde": (1, 1),
    "ausbildung": (2, 1),
    "nachtbus": (1, 2),
}
RECENT = 6  # the last ideas of IDEAS are posted today, an hour and a half apart

# Events of the Open Innovation Office (issue 17): key -> (title, kind, organiser, topics,
# days from now it starts (negative: past), hours, capacity, place, linked challenge, linked
# idea, who registers, results written afterwards).
EVENTS: dict[str, tuple] = {
    "hackathon": (
        "Mobility Hackathon im Open Innovation Office",
        Event.Kind.HACKATHON,
        "digibuero",
        ["future-mobility", "smart-city"],
        -12,
        8,
        30,
        Event.Place.OFFICE,
        "mobil",
        "echtzeit",
        ["tobias", "lena", "ole", "mehmet", "jonas"],
        "Fünf Teams, drei Prototypen: Echtzeitdaten für den Nahverkehr, eine Baustellenkarte "
        "und eine App für Mitfahrbänke. Die Ideen stehen auf der Plattform.",
    ),
    "werkstatt": (
        "Werkstatt: Grüne Innenstadt",
        Event.Kind.WORKSHOP,
        "umweltamt",
        ["green-city"],
        -5,
        3,
        20,
        Event.Place.OFFICE,
        "gruen",
        "baeume",
        ["helga", "claudia", "citizen"],
        "Wir haben die Standorte für die ersten Pflanzkübel auf dem Jahnplatz ausgewählt.",
    ),
    "opendata": (
        "Open Data Meet-up: Verkehrsdaten",
        Event.Kind.MEETUP,
        "datenraeume",
        ["future-mobility", "smart-city"],
        6,
        2,
        4,
        Event.Place.OFFICE,
        "mobil",
        "verkehrsdaten",
        ["ole", "katrin", "sven", "mehmet", "jonas"],
        "",
    ),
    "arbeit": (
        "Online-Sprechstunde: Zukunft der Arbeit",
        Event.Kind.ONLINE_SESSION,
        "digibuero",
        ["future-of-work"],
        9,
        1,
        50,
        Event.Place.ONLINE,
        "arbeit",
        None,
        ["citizen", "claudia"],
        "",
    ),
    "codefor": (
        "Treffen Code for Bielefeld",
        Event.Kind.GROUP_MEETING,
        "codefor",
        ["smart-city", "digital-administration"],
        14,
        2,
        25,
        Event.Place.ADDRESS,
        None,
        None,
        ["ole"],
        "",
    ),
    "leitlinien": (
        "AG Beteiligungsleitlinien: Entwurf lesen",
        Event.Kind.GROUP_MEETING,
        "beteiligung",
        ["culture-society"],
        10,
        2,
        15,
        Event.Place.OFFICE,
        None,
        None,
        ["helga"],
        "",
    ),
}
# Who lists themselves in the directory of actors, and what they offer or seek.
DIRECTORY = {
    "ole": ["data", "expertise"],
    "lena": ["cocreators"],
    "mehmet": ["expertise"],
    "claudia": ["rooms", "cocreators"],
}
# What organisations offer in the directory (set by their administrators on the site).
ORGANISATION_OFFERS = {
    "digibuero": ["rooms", "data"],
    "datenraeume": ["data", "expertise"],
    "gruenesband": ["cocreators"],
}

# The story's clock, relative to the moment the demo is made.
CITY_SETUP = timedelta(days=22)  # people, organisations and challenges arrive
# The jury of the challenge in evaluation: criteria (name, weight), jurors with the ideas given
# to them, and the scores (impact, feasibility, cost) each has submitted so far.
JURY_CHALLENGE = "industrie"
JURY_CRITERIA = [("Wirkung", 3), ("Machbarkeit", 2), ("Kosten", 1)]
JURY: dict[str, dict[str, tuple[int, int, int, str] | None]] = {
    "staff": {
        "verkehrsdaten": (5, 4, 4, "Schnell umsetzbar, die Daten liegen vor."),
        "gewerbeflaechen": (4, 3, 3, ""),
        "hackathon": (4, 5, 4, "Passt zum Open-Data-Portal."),
        "baustellen": None,  # still to score
    },
    "sven": {
        "verkehrsdaten": (4, 4, 3, "Datenschutz früh klären."),
        "hackathon": None,
        "baustellen": None,
    },
}
JURY_DAY = timedelta(hours=20)  # after the challenge moved to evaluation

# The hackathon (issue 17): a challenge under Future Mobility whose ideas teams form around.
HACKATHON = (
    "Hackathon Mobilität 2026",
    "Ein Wochenende, gemischte Teams, ein Ziel: Prototypen für besseres Pendeln in Bielefeld.",
    "Wirtschaft, Zivilgesellschaft, Wissenschaft und Verwaltung bauen gemeinsam. Bildet "
    "**Teams von 2 bis 4 Personen** um eine Idee, reicht euer Ergebnis mit einem Link zum Code "
    "oder einer Demo ein. Danach tagt die Jury.",
    ["future-mobility", "smart-city"],
    "digibuero",
)
# key: (author = team lead, idea title, summary, team name, [(member, message)], [waiting])
HACKATHON_TEAMS: dict[str, tuple] = {
    "pendel": (
        "mehmet",
        "Pendel-Radar: Echtzeit-Auslastung von Bus und Bahn",
        "Eine offene Karte, die zeigt, wie voll Busse und Stadtbahnen gerade sind.",
        "Pendel-Radar",
        [("jonas", "Ich bringe Sensordaten mit."), ("helga", "Ich teste mit Älteren.")],
        [],
    ),
    "lastenrad": (
        "katrin",
        "Lastenrad-Routen mit offenen Daten",
        "Routenplanung für Lastenräder aus Steigungen, Radwegbreiten und Baustellen.",
        "Lastenrad-Labor",
        [("ole", "Ich repariere, was wir testen."), ("sven", "Ich kenne die Baustellendaten.")],
        [],
    ),
    "schulweg": (
        "lena",
        "Sichere Schulwege zum Mitmachen",
        "Eltern und Kinder markieren Gefahrenstellen, die Stadt sieht sie gebündelt.",
        "Schulweg-Team",
        [("claudia", "Wir fahren die Strecken täglich.")],
        ["tobias"],
    ),
}
HACKATHON_RESULT = (
    "pendel",
    "https://git.example.org/code-for-bielefeld/pendel-radar",
    "https://pendel-radar.example.org",
)

CHALLENGES_OPEN = timedelta(days=21)
FIRST_IDEA = timedelta(days=20)
LAST_OLDER_IDEA = timedelta(days=4)
FIRST_RECENT_IDEA = timedelta(hours=9)
RECENT_STEP = timedelta(minutes=90)
PHASES_MOVE = timedelta(days=1)  # the evaluation and closed challenges get there


@dataclass(order=True)
class Step:
    """One service call of the story, run with the clock at `at` (ties: in planning order)."""

    at: datetime
    order: int
    run: Callable[[], object] = field(compare=False)


class Story:
    """Plans every service call of the demo at its moment, then runs them in time order."""

    def __init__(self, now: datetime):
        self.now = now
        self.steps: list[Step] = []
        self.people: dict[str, User] = {}
        self.orgs: dict[str, Organisation] = {}
        self.challenges: dict[str, Challenge] = {}
        self.ideas: dict[str, Idea] = {}
        self.events: dict[str, Event] = {}
        self.teams: dict[str, Team] = {}

    def at(self, when: datetime, run: Callable[[], object]) -> None:
        self.steps.append(Step(min(when, self.now - timedelta(minutes=1)), len(self.steps), run))

    def tell(self) -> None:
        import time_machine

        for step in sorted(self.steps):
            with time_machine.travel(step.at, tick=False):
                step.run()

    # --- The plan ------------------------------------------------------------------------------

    def plan(self) -> None:
        setup = self.now - CITY_SETUP
        for n, key in enumerate(PEOPLE):
            self.at(setup + timedelta(minutes=n), lambda key=key: self._person(key))
        for n, key in enumerate(ORGANISATIONS):
            self.at(setup + timedelta(hours=1, minutes=n), lambda key=key: self._organisation(key))
        for n, key in enumerate(WORKING_GROUPS):
            self.at(setup + timedelta(hours=1, minutes=30 + n), lambda key=key: self._group(key))
            self._plan_group_members(key)
        for n, key in enumerate(CHALLENGES):
            self.at(
                setup + timedelta(hours=3, minutes=10 * n), lambda key=key: self._challenge(key)
            )
        for i, key in enumerate(IDEAS):
            posted = self._idea_time(i)
            # Older ideas gather their votes over a few days, today's within the hour.
            gap = timedelta(hours=3) if i < len(IDEAS) - RECENT else timedelta(minutes=5)
            self.at(posted, lambda key=key: self._idea(key))
            self._plan_votes(i, key, posted, gap)
        self._plan_discussions()
        for key, (*_rest, final) in CHALLENGES.items():
            if final in (Challenge.Status.EVALUATION, Challenge.Status.CLOSED):
                self.at(self.now - PHASES_MOVE, lambda key=key, s=final: self._phase(key, s))
        self._plan_events()
        self._plan_jury()
        self._plan_hackathon()

    def _plan_jury(self) -> None:
        """Staff set up the jury the day the challenge moves to evaluation; jurors score some."""
        start = self.now - PHASES_MOVE + timedelta(hours=1)
        for n, (name, weight) in enumerate(JURY_CRITERIA):
            self.at(
                start + timedelta(minutes=n),
                lambda name=name, weight=weight: evaluation.criterion_add(
                    actor=self.people["staff"],
                    challenge=self.challenges[JURY_CHALLENGE],
                    name=name,
                    weight=weight,
                ),
            )
        for n, (juror, sheets) in enumerate(JURY.items()):
            self.at(
                start + timedelta(minutes=10 + n),
                lambda juror=juror, keys=list(sheets): evaluation.juror_add(
                    actor=self.people["staff"],
                    challenge=self.challenges[JURY_CHALLENGE],
                    user=self.people[juror],
                    ideas=[self.ideas[key] for key in keys],
                ),
            )
            for k, (key, sheet) in enumerate(sheets.items()):
                if sheet is not None:
                    self.at(
                        start + JURY_DAY + timedelta(hours=n, minutes=k),
                        lambda juror=juror, key=key, sheet=sheet: self._score(juror, key, sheet),
                    )

    def _score(self, juror: str, key: str, sheet: tuple[int, int, int, str]) -> None:
        criteria = Criterion.objects.filter(
            evaluation__challenge=self.challenges[JURY_CHALLENGE]
        ).order_by("position")
        evaluation.jury_score(
            juror=self.people[juror],
            idea=self.ideas[key],
            scores={c.pk: value for c, value in zip(criteria, sheet[:3], strict=True)},
            comment=sheet[3],
        )

    def _plan_hackathon(self) -> None:
        """The hackathon challenge opens with the others; its ideas come five days ago, the
        teams form around them the day after, people ask and are let in, and one team submits
        its result yesterday. The jury phase is not announced yet (staff can try it)."""
        setup = self.now - CITY_SETUP
        self.at(setup + timedelta(hours=4), self._hackathon)
        start = self.now - timedelta(days=5)
        for n, (key, (lead, title, summary, name, members, waiting)) in enumerate(
            HACKATHON_TEAMS.items()
        ):
            posted = start + timedelta(hours=2 * n)
            self.at(
                posted,
                lambda key=key, lead=lead, t=title, s=summary: self.ideas.__setitem__(
                    f"hackathon-{key}",
                    ideas.idea_submit(
                        author=self.people[lead],
                        challenge=self.challenges["hackathon"],
                        title=t,
                        summary=s,
                        topics=list(Topic.objects.filter(slug="future-mobility")),
                    ),
                ),
            )
            formed = posted + timedelta(days=1)
            self.at(
                formed,
                lambda key=key, lead=lead, name=name: self.teams.__setitem__(
                    key,
                    gatherings.team_form(
                        user=self.people[lead], idea=self.ideas[f"hackathon-{key}"], name=name
                    ),
                ),
            )
            for k, (member, message) in enumerate(members):
                self.at(
                    formed + timedelta(hours=3 * (k + 1)),
                    lambda key=key, lead=lead, m=member, text=message: self._team_join(
                        key, lead, m, text
                    ),
                )
            for k, person in enumerate(waiting):
                self.at(
                    formed + timedelta(hours=10 + k),
                    lambda key=key, p=person: gatherings.team_request_join(
                        user=self.people[p], team=self.teams[key], message="Darf ich mitmachen?"
                    ),
                )
        key, code_url, demo_url = HACKATHON_RESULT
        self.at(
            self.now - timedelta(days=1),
            lambda: gatherings.team_submit(
                actor=self.people[HACKATHON_TEAMS[key][0]],
                team=self.teams[key],
                result_idea=self.ideas[f"hackathon-{key}"],
                code_url=code_url,
                demo_url=demo_url,
            ),
        )

    def _hackathon(self) -> None:
        title, summary, description, topics, org = HACKATHON
        challenge = challenges.challenge_create(
            actor=self.people["staff"],
            title=title,
            summary=summary,
            description=description,
            topics=list(Topic.objects.filter(slug__in=topics)),
            organisation=self.orgs[org],
            opens_at=self.now - CHALLENGES_OPEN,
            closes_at=self.now + timedelta(days=42),
            status=Challenge.Status.OPEN,
        )
        self.challenges["hackathon"] = challenge
        gatherings.hackathon_configure(
            actor=self.people["staff"], challenge=challenge, team_size_min=2, team_size_max=4
        )

    def _team_join(self, key: str, lead: str, member: str, message: str) -> None:
        join_request = gatherings.team_request_join(
            user=self.people[member], team=self.teams[key], message=message
        )
        gatherings.team_request_decide(
            actor=self.people[lead], join_request=join_request, accept=True
        )

    def _plan_events(self) -> None:
        """Events are announced before they start (the service refuses a past start), people
        register in the days after, and past events get their results the day after."""
        for n, (key, spec) in enumerate(EVENTS.items()):
            days, people, results = spec[4], spec[10], spec[11]
            starts = self.now + timedelta(days=days)
            announced = min(starts, self.now) - timedelta(days=8)
            self.at(announced, lambda key=key: self._event(key))
            for k, who in enumerate(people):
                self.at(
                    announced + timedelta(hours=6 * (k + 1), minutes=n),
                    lambda key=key, who=who, k=k: gatherings.registration_create(
                        user=self.people[who], event=self.events[key], share_email=k % 2 == 0
                    ),
                )
            if results:
                self.at(
                    starts + timedelta(days=1),
                    lambda key=key, text=results: gatherings.event_update(
                        actor=self.people["staff"], event=self.events[key], results=text
                    ),
                )
        setup = self.now - CITY_SETUP
        for key, offers in DIRECTORY.items():
            self.at(
                setup + timedelta(hours=2),
                lambda key=key, offers=offers: accounts.user_update_profile(
                    user=self.people[key], listed_in_directory=True, offers=offers
                ),
            )
        for key, offers in ORGANISATION_OFFERS.items():
            self.at(setup + timedelta(hours=2), lambda key=key, o=offers: self._offers(key, o))

    def _event(self, key: str) -> None:
        (title, kind, org, topics, days, hours, capacity, place, challenge, idea, *_rest) = EVENTS[
            key
        ]
        starts = self.now + timedelta(days=days)
        starts = starts.replace(hour=17, minute=0) if hours < 6 else starts.replace(hour=9)
        self.events[key] = gatherings.event_create(
            actor=self.people["staff"],
            organiser=self.orgs[org],
            title=title,
            description=f"{title}: Business, Zivilgesellschaft und Verwaltung an einem Tisch.",
            kind=kind,
            place=place,
            address="Ravensberger Spinnerei, Heeper Str. 1, 33607 Bielefeld"
            if place == Event.Place.ADDRESS
            else "",
            online_url="https://meet.example.org/oic-arbeit" if place == Event.Place.ONLINE else "",
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            capacity=capacity,
            topics=list(Topic.objects.filter(slug__in=topics)),
            challenges=[self.challenges[challenge]] if challenge else [],
            ideas=[self.ideas[idea]] if idea and idea in self.ideas else [],
        )

    def _offers(self, key: str, offers: list[str]) -> None:
        # What an administrator sets on the organisation's edit page (city staff administer
        # every organisation).
        accounts.organisation_update(
            actor=self.people["staff"], organisation=self.orgs[key], offers=offers
        )

    def _plan_votes(self, i: int, key: str, posted: datetime, gap: timedelta) -> None:
        """Deterministic voters: everyone but the author, in a rotating order, up votes first."""
        ups, downs = VOTES.get(key, (2 + i % 4, 1 if i % 3 == 0 else 0))
        author = IDEAS[key][0]
        others = [p for p in PEOPLE if p != author]
        shift = i % len(others)
        voters = others[shift:] + others[:shift]
        for n, voter in enumerate(voters[: ups + downs]):
            value = 1 if n < ups else -1
            self.at(posted + gap * (n + 1), lambda k=key, v=voter, x=value: self._vote(k, v, x))

    def _plan_discussions(self) -> None:
        posted = {key: self._idea_time(i) for i, key in enumerate(IDEAS)}
        said: dict[str, int] = {}
        for idea_key, author, body, replies in COMMENTS:
            k = said.get(idea_key, 0)
            said[idea_key] = k + 1 + len(replies)
            root: dict[str, object] = {}
            self.at(
                posted[idea_key] + timedelta(hours=5 * (k + 1)),
                lambda i=idea_key, a=author, b=body, r=root: r.update(c=self._comment(i, a, b)),
            )
            for n, (reply_author, reply) in enumerate(replies, start=k + 1):
                self.at(
                    posted[idea_key] + timedelta(hours=5 * (n + 1)),
                    lambda i=idea_key, a=reply_author, b=reply, r=root: self._comment(
                        i, a, b, parent=r["c"]
                    ),
                )
        for idea_key, steps in STATUS_CHANGES:
            for k, (status, response) in enumerate(steps):
                self.at(
                    posted[idea_key] + timedelta(days=k + 1),
                    lambda i=idea_key, s=status, r=response: self._status(i, s, r),
                )

    def _idea_time(self, i: int) -> datetime:
        """When the i-th idea is posted: the older ones evenly over the first weeks."""
        older = len(IDEAS) - RECENT
        if i < older:
            return self.now - FIRST_IDEA + (FIRST_IDEA - LAST_OLDER_IDEA) / (older - 1) * i
        return self.now - FIRST_RECENT_IDEA + RECENT_STEP * (i - older)

    # --- The acts: each one service call (or an administrator's act) -------------------------

    def _person(self, key: str) -> None:
        email, name, sector, bio = PEOPLE[key]
        # The demo's people have confirmed their addresses (as if they had opened the link)
        # and accepted the house rules, as sign-up asks.
        user = accounts.user_register(
            email=email,
            password=DEMO_PASSWORD,
            display_name=name,
            sector=sector,
            email_confirmed=True,
            house_rules_accepted=True,
        )
        self.people[key] = accounts.user_update_profile(user=user, bio=bio)
        if key == "staff":
            # Granting the city-staff role is an administrator's act in the admin, not a
            # domain workflow; the demo does what that administrator would do. Admin access
            # comes with it so the demo admin is reachable.
            user.groups.add(Group.objects.get(name=CITY_STAFF_GROUP))
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.__dict__.pop("is_city_staff", None)

    def _organisation(self, key: str) -> None:
        name, kind, founder, topics, website, text, members = ORGANISATIONS[key]
        org = accounts.organisation_create(
            actor=self.people[founder],
            name=name,
            kind=kind,
            website=website,
            description=text,
            topics=list(Topic.objects.filter(slug__in=topics)),
        )
        for member, role in members:
            accounts.membership_add(
                actor=self.people[founder], organisation=org, user=self.people[member], role=role
            )
        self.orgs[key] = org

    def _group(self, key: str) -> None:
        name, founder, topics, joining, text, offers, _joiners, _asking = WORKING_GROUPS[key]
        self.orgs[key] = accounts.organisation_create(
            actor=self.people[founder],
            name=name,
            kind=Organisation.Kind.WORKING_GROUP,
            description=text,
            topics=list(Topic.objects.filter(slug__in=topics)),
            joining=joining,
            offers=offers,
        )

    def _plan_group_members(self, key: str) -> None:
        """People join open groups themselves; for the others they ask, and the founder
        accepts some requests the next day (the rest stay pending for the demo)."""
        _name, founder, *_rest, joiners, asking = WORKING_GROUPS[key]
        start = self.now - CITY_SETUP + timedelta(hours=2)
        for n, who in enumerate(joiners):
            self.at(
                start + timedelta(minutes=n),
                lambda key=key, who=who: accounts.membership_join(
                    user=self.people[who], organisation=self.orgs[key]
                ),
            )
        for n, (who, message, accepted) in enumerate(asking):
            asked: dict = {}
            self.at(
                start + timedelta(minutes=n),
                lambda key=key, who=who, m=message, r=asked: r.update(
                    request=accounts.membership_request_create(
                        user=self.people[who], organisation=self.orgs[key], message=m
                    )
                ),
            )
            if accepted:
                self.at(
                    start + timedelta(days=1, minutes=n),
                    lambda founder=founder, r=asked: accounts.membership_request_accept(
                        actor=self.people[founder], request=r["request"]
                    ),
                )

    def _challenge(self, key: str) -> None:
        title, summary, description, topics, org, final = CHALLENGES[key]
        self.challenges[key] = challenges.challenge_create(
            actor=self.people["staff"],
            title=title,
            summary=summary,
            description=description,
            topics=list(Topic.objects.filter(slug__in=topics)),
            organisation=self.orgs[org],
            opens_at=self.now - CHALLENGES_OPEN,
            closes_at=self.now + timedelta(days=42),
            # Everything but the draft opens first, so that it can gather ideas.
            status=Challenge.Status.DRAFT
            if final == Challenge.Status.DRAFT
            else Challenge.Status.OPEN,
        )

    def _idea(self, key: str) -> None:
        author, challenge, title, summary, description, topics, org, seeking = IDEAS[key]
        self.ideas[key] = ideas.idea_submit(
            author=self.people[author],
            challenge=self.challenges[challenge] if challenge else None,
            title=title,
            summary=summary,
            description=description,
            topics=list(Topic.objects.filter(slug__in=topics)),
            organisation=self.orgs[org] if org else None,
            seeking_cocreators=seeking,
        )

    def _vote(self, key: str, voter: str, value: int) -> None:
        vote_cast(user=self.people[voter], idea=self.ideas[key], value=value)

    def _comment(self, key: str, author: str, body: str, parent=None):
        return ideas.comment_post(
            author=self.people[author], idea=self.ideas[key], body=body, parent=parent
        )

    def _status(self, key: str, status: str, response: str) -> None:
        ideas.idea_set_status(
            actor=self.people["staff"], idea=self.ideas[key], status=status, response=response
        )

    def _phase(self, key: str, status: str) -> None:
        # Closed challenges take no more comments or votes, so the phases move last.
        challenges.challenge_update(
            actor=self.people["staff"],
            challenge=self.challenges[key],
            status=status,
            closes_at=timezone.now(),
        )


class Command(BaseCommand):
    help = "Load demo people, organisations, challenges, ideas, comments and votes (idempotent)."

    def add_arguments(self, parser) -> None:
        # `make run` passes its HOST and PORT, so the printed address is the one it serves.
        parser.add_argument("--url", default=SITE_URL, help="The site's address, printed.")

    def handle(self, *args, **options) -> None:
        try:
            import time_machine  # noqa: F401 - checked here to fail with a clear message
        except ImportError as exc:
            raise CommandError(
                "seed_demo needs the development extras: pip install -e '.[dev]'"
            ) from exc
        if User.objects.filter(email__iexact=STAFF_EMAIL).exists():
            self.stdout.write("Demo data is already there; nothing added.")
        else:
            story = Story(timezone.now().replace(second=0, microsecond=0))
            story.plan()
            with transaction.atomic():
                story.tell()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        self._print_logins(options["url"])

    def _print_logins(self, url: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Open Innovation City: {url}"))
        self.stdout.write(f"  City staff: {STAFF_EMAIL}  password: {DEMO_PASSWORD}")
        self.stdout.write(f"  Citizen:    {CITIZEN_EMAIL}  password: {DEMO_PASSWORD}")
        self.stdout.write("  (Every demo person has this password.)")
        if settings.EMAIL_HOST:
            self.stdout.write(f"  Mail goes out over SMTP: {settings.EMAIL_HOST}")
        else:
            self.stdout.write(f"  Mail is written as files into {settings.EMAIL_FILE_PATH}/")
        self.stdout.write("")
