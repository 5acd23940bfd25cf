"""The brand stylesheet: a city's colours as CSS custom properties."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

_COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
BRAND_DEFAULTS = {"primary_color": "#005a9c", "accent_color": "#b00016"}


def _on_color(hex_color: str) -> str:
    """Text colour for a brand background: white or near-black, whichever contrasts more
    (WCAG relative luminance), so any city's colours keep text readable."""
    digits = hex_color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "#ffffff" if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) else "#111111"


@require_GET
@cache_control(public=True, max_age=3600)
def brand_css(request: HttpRequest) -> HttpResponse:
    """The brand colours as CSS custom properties. Served as a stylesheet because the
    Content-Security-Policy forbids inline styles; main.css only reads the variables."""
    brand = settings.OIC_BRAND
    colors = {}
    for key, default in BRAND_DEFAULTS.items():
        value = str(brand.get(key, default))
        colors[key] = value if _COLOR_RE.match(value) else default
    body = (
        ":root{"
        f"--brand-primary:{colors['primary_color']};"
        f"--brand-on-primary:{_on_color(colors['primary_color'])};"
        f"--brand-accent:{colors['accent_color']};"
        f"--brand-on-accent:{_on_color(colors['accent_color'])};"
        "}\n"
    )
    return HttpResponse(body, content_type="text/css; charset=utf-8")
