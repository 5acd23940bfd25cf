"""German idea texts for the benchmark dataset: varied enough that a search matches some ideas
and not all (issue 15), with the inflections people type and write ("Fahrrad", "Fahrräder",
"Fahrrädern"), and common words as often as real texts have them.

Themes are drawn with weights falling as 1/sqrt(rank), so the most common theme occurs in
roughly a third of all ideas and the rarest in about one in a hundred — a search for a common
word has tens of thousands of matches at city scale, one for a rare word a few hundred."""

from __future__ import annotations

import random

# Each theme: its forms as they occur in texts (singular, plural, other cases).
THEMES: list[tuple[str, ...]] = [
    ("Fahrrad", "Fahrräder", "Fahrrädern", "Fahrrads"),
    ("Baum", "Bäume", "Bäumen", "Baumes"),
    ("Radweg", "Radwege", "Radwegen", "Radwegs"),
    ("Spielplatz", "Spielplätze", "Spielplätzen"),
    ("Schule", "Schulen"),
    ("Bushaltestelle", "Bushaltestellen"),
    ("Parkplatz", "Parkplätze", "Parkplätzen"),
    ("Bank", "Bänke", "Bänken"),
    ("Straße", "Straßen"),
    ("Garten", "Gärten"),
    ("Kind", "Kinder", "Kindern"),
    ("Solaranlage", "Solaranlagen"),
    ("Werkstatt", "Werkstätten"),
    ("Brunnen",),
    ("Beleuchtung", "Beleuchtungen"),
    ("Bibliothek", "Bibliotheken"),
    ("Ladestation", "Ladestationen"),
    ("Mülleimer", "Mülleimern"),
    ("Markt", "Märkte", "Märkten"),
    ("Brücke", "Brücken"),
    ("Wiese", "Wiesen"),
    ("Hund", "Hunde", "Hunden"),
    ("Jugendzentrum", "Jugendzentren"),
    ("Toilette", "Toiletten"),
    ("Lastenrad", "Lastenräder", "Lastenrädern"),
    ("Ampel", "Ampeln"),
    ("Dach", "Dächer", "Dächern"),
    ("Sportplatz", "Sportplätze"),
    ("Schwimmbad", "Schwimmbäder", "Schwimmbädern"),
    ("Kita", "Kitas"),
    ("Sensor", "Sensoren"),
    ("Café", "Cafés"),
    ("Fußweg", "Fußwege", "Fußwegen"),
    ("Bahn", "Bahnen"),
    ("Museum", "Museen"),
    ("Nachbarschaft", "Nachbarschaften"),
    ("Stadtteil", "Stadtteile", "Stadtteilen"),
    ("Lärm",),
    ("Zebrastreifen",),
    ("Trinkwasser",),
    ("Carsharing",),
    ("Photovoltaik",),
    ("Begegnungsstätte", "Begegnungsstätten"),
    ("Hochbeet", "Hochbeete", "Hochbeeten"),
    ("Skatepark", "Skateparks"),
    ("Bouleplatz", "Bouleplätze"),
    ("Insektenhotel", "Insektenhotels"),
    ("Kompost", "Komposte"),
    ("Tauschbörse", "Tauschbörsen"),
    ("Nahwärme",),
]
PLACES = [
    "Jahnplatz",
    "Kesselbrink",
    "Siegfriedplatz",
    "Sennestadt",
    "Brackwede",
    "Altstadt",
    "Bahnhof",
    "Bürgerpark",
    "Uni",
    "Schildesche",
    "Heepen",
    "Stieghorst",
    "Gadderbaum",
    "Dornberg",
    "Jöllenbeck",
    "Sieker",
    "Ummeln",
    "Obersee",
    "Ravensberger Park",
    "Nordpark",
]
ADJECTIVES = [
    "mehr",
    "neue",
    "sichere",
    "grüne",
    "bessere",
    "öffentliche",
    "barrierefreie",
    "digitale",
    "schattige",
    "beleuchtete",
    "offene",
    "gemeinsame",
    "günstige",
    "saubere",
    "ruhige",
]
GROUPS = [
    "Familien",
    "ältere Menschen",
    "Jugendliche",
    "Pendlerinnen und Pendler",
    "Studierende",
    "Menschen mit Behinderung",
    "Vereine",
    "die Nachbarschaft",
    "Schulkinder",
    "Gewerbetreibende",
]
SENTENCES = [
    "Am {place} fehlen {adj} {a}, vor allem für {group}.",
    "Wir schlagen vor, {a} und {b} gemeinsam zu planen.",
    "Viele {group} wünschen sich {adj} {a} in ihrem Stadtteil.",
    "In anderen Städten gibt es das schon: {a} neben {b}, gut erreichbar.",
    "Die Kosten wären gering, wenn {group} beim Bau der {a} helfen.",
    "Ein erster Versuch könnte am {place} starten.",
    "Wichtig ist, dass {a} auch abends sicher zu erreichen sind.",
    "Wer kümmert sich um die Pflege? Vielleicht ein Verein aus {place}.",
    "Mit {adj} {a} würde {place} für {group} lebenswerter.",
    "Bisher stehen dort nur {b}; das reicht nicht.",
]


class IdeaTexts:
    """Title, summary and description of one idea after another, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.weights = [1 / (rank + 1) ** 0.5 for rank in range(len(THEMES))]

    def _form(self) -> str:
        (theme,) = self.rng.choices(THEMES, weights=self.weights)
        return self.rng.choice(theme)

    def _fill(self, template: str) -> str:
        rng = self.rng
        return template.format(
            place=rng.choice(PLACES),
            adj=rng.choice(ADJECTIVES),
            group=rng.choice(GROUPS),
            a=self._form(),
            b=self._form(),
        )

    def next(self, number: int) -> tuple[str, str, str]:
        rng = self.rng
        title = f"{rng.choice(ADJECTIVES).capitalize()} {self._form()} am {rng.choice(PLACES)}"
        title = f"{title} ({number})"
        summary = self._fill(rng.choice(SENTENCES))
        sentences = [self._fill(rng.choice(SENTENCES)) for _ in range(rng.randint(2, 5))]
        cut = rng.randint(1, len(sentences))
        description = " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])
        return title, summary, description.strip()
