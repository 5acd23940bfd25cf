"""Server-rendered SVG bar charts: no JavaScript, no chart library, no CDN.

A chart is drawn from plain numbers the page's view got from a selector. Each comes with the
same numbers as a table (see includes/chart.html): the SVG is hidden from screen readers, the
table is what they read. Colours come from CSS classes (brand colours, CSP allows no inline
style); the sizes are attributes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.models import Sector
from ideas.evaluation.selectors import ChallengeFigures
from ideas.models import Idea

ROW_HEIGHT = 18
ROW_GAP = 10
LABEL_WIDTH = 170
BAR_WIDTH = 330
VALUE_WIDTH = 70
WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH


@dataclass
class Chart:
    """A horizontal bar chart of one or two series (e.g. ideas and participants)."""

    slug: str
    title: str
    series: list[str]
    rows: list[tuple[str, list[float]]]
    percent: bool = False

    def formatted(self, value: float) -> str:
        return f"{value * 100:.1f} %" if self.percent else f"{value:g}"

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [(label, [self.formatted(v) for v in values]) for label, values in self.rows]

    @property
    def svg(self) -> SafeString:
        top = max((v for _label, values in self.rows for v in values), default=0) or 1
        n = len(self.series)
        group = n * ROW_HEIGHT + ROW_GAP
        height = max(len(self.rows) * group, group)
        parts = []
        for i, (label, values) in enumerate(self.rows):
            y = i * group
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
                    LABEL_WIDTH - 8,
                    y + n * ROW_HEIGHT / 2 + 5,
                    label[:28],
                )
            )
            for s, value in enumerate(values):
                bar_y = y + s * ROW_HEIGHT
                width = round(BAR_WIDTH * value / top, 1)
                parts.append(
                    format_html(
                        '<rect class="chart-bar chart-series-{}" x="{}" y="{}" width="{}" '
                        'height="{}"></rect><text class="chart-value" x="{}" y="{}">{}</text>',
                        s,
                        LABEL_WIDTH,
                        bar_y + 1,
                        width,
                        ROW_HEIGHT - 2,
                        LABEL_WIDTH + width + 6,
                        bar_y + ROW_HEIGHT - 5,
                        self.formatted(value),
                    )
                )
        return format_html(
            '<svg class="chart-svg" viewBox="0 0 {} {}" width="{}" height="{}" '
            'aria-hidden="true" focusable="false">{}</svg>',
            WIDTH,
            height,
            WIDTH,
            height,
            format_html_join("", "{}", ((p,) for p in parts)),
        )


def _hours(delta) -> str:
    if delta is None:
        return "–"
    hours = delta.total_seconds() / 3600
    if hours < 48:
        return _("%(n)s hours") % {"n": formats.number_format(round(hours, 1), 1)}
    return _("%(n)s days") % {"n": formats.number_format(round(hours / 24, 1), 1)}


def challenge_charts(figures: ChallengeFigures) -> dict:
    """The charts of a challenge, labelled in the reader's language."""
    sectors = Sector.choices
    ideas_label, people_label = _("Ideas"), _("Participants")
    share = figures.participant_share()
    charts = [
        Chart(
            "sectors",
            _("Ideas and participants by sector"),
            [ideas_label, people_label],
            [
                (
                    label,
                    [
                        figures.ideas_by_sector.get(key, 0),
                        figures.participants_by_sector.get(key, 0),
                    ],
                )
                for key, label in sectors
            ],
        ),
        Chart(
            "share",
            _("Participation by sector compared with the city"),
            [_("Share of participants"), _("Share of the city's population")],
            [
                (label, [share.get(key, 0.0), float(figures.city_share.get(key, 0.0))])
                for key, label in sectors
            ],
            percent=True,
        ),
        Chart(
            "topics",
            _("Ideas and authors by topic"),
            [ideas_label, _("Authors")],
            [(topic.name, [ideas, authors]) for topic, ideas, authors in figures.by_topic],
        ),
        Chart(
            "weeks",
            _("Ideas and authors over time (by week)"),
            [ideas_label, _("Authors")],
            [
                (formats.date_format(week, "SHORT_DATE_FORMAT"), [ideas, authors])
                for week, ideas, authors in figures.by_week
            ],
        ),
        Chart(
            "funnel",
            _("Funnel: ideas that reached each status"),
            [ideas_label],
            [(label, [figures.funnel.get(key, 0)]) for key, label in Idea.Status.choices],
        ),
    ]
    return {
        "charts": charts,
        "figures": figures,
        "median_first_answer": _hours(figures.median_first_answer),
    }
