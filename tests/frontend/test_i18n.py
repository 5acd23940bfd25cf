"""German first, English complete: catalogs are complete and compiled, pages are localised."""

import gettext
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from tests import factories

LOCALE = Path(settings.BASE_DIR) / "frontend" / "locale"


def _untranslated(po: Path) -> list[str]:
    text = po.read_text(encoding="utf-8")
    blocks = text.split("\n\n")[1:]
    # An empty msgstr not followed by a continuation line ("…"): a wrapped one is translated.
    return [b for b in blocks if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', b, re.M)]


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalog_is_complete_and_compiled(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert _untranslated(po) == []
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    # Compare contents, not file times: a fresh checkout sets times in any order.
    msgids = set(re.findall(r'^msgid "(.+)"\nmsgstr ', po.read_text(encoding="utf-8"), re.M))
    missing = {m for m in msgids if m.replace('\\"', '"') not in compiled}
    assert missing == set(), "the .mo file is older than the .po file: run msgfmt"


def test_german_labels_come_from_the_catalog():
    with translation.override("de"):
        assert translation.gettext("Submit an idea") == "Idee einreichen"
        assert translation.gettext("Citizen") == "Bürgerschaft"


@pytest.mark.django_db
def test_german_page_shows_german_sector_status_and_dates(client, idea):
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Bürgerschaft" in html
    assert "Eingereicht" in html
    local = idea.created_at.astimezone(ZoneInfo(settings.TIME_ZONE))
    assert local.strftime("%d.%m.%Y") in html  # German date format


@pytest.mark.django_db
def test_english_page_shows_english_sector_and_dates(client, idea, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Citizen" in html
    assert "Submitted" in html
    assert "Bürgerschaft" not in html
    local = idea.created_at.astimezone(ZoneInfo(settings.TIME_ZONE))
    # British order and the 24-hour clock, as a German city writes English; never US dates.
    assert f"{local:%d/%m/%Y %H:%M}</time>" in html
    assert "a.m." not in html
    assert "p.m." not in html


@pytest.mark.django_db
def test_every_page_offers_the_language_switch(client):
    factories.ChallengeFactory()
    for url in ("/", "/challenges/", "/ideas/", "/organisations/", "/login/", "/signup/"):
        html = client.get(url).content.decode()
        assert '<form class="lang-switch" method="post" action="/language/">' in html
        assert 'name="language" value="en"' in html
