"""Serializer fields that take only what the API's schema promises: URIs, dates in a sane range."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Characters RFC 3986 allows in a URI; anything else (a quote, `<`, a space) must be
# percent-encoded. Django's URLValidator lets any non-space through in the path, so
# `https://e.example/"><script>` would be stored and served as a "URI".
_URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+\Z")
_PERCENT_ESCAPES = re.compile(r"%(?![0-9A-Fa-f]{2})")

# Dates before or after these are typing mistakes here, and the earliest ones come back in
# Berlin's local mean time (+00:53:28), which RFC 3339 cannot express.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


class StrictURLField(serializers.URLField):
    """An http(s) URL that is also a URI: only RFC 3986 characters, well-formed % escapes."""

    default_error_messages = {"invalid": _("Enter a valid web address (http or https).")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            validator for validator in self.validators if not isinstance(validator, URLValidator)
        ]
        self.validators.append(
            URLValidator(schemes=["http", "https"], message=self.error_messages["invalid"])
        )

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and (not _URI_CHARACTERS.match(value) or _PERCENT_ESCAPES.search(value)):
            self.fail("invalid")
        return value


class BoundedDateTimeField(serializers.DateTimeField):
    """A moment from 2000 to 2100 (UTC)."""

    default_error_messages = {
        "out_of_range": _("Give a date from 2000 to 2099."),
        "overflow": _("Give a date from 2000 to 2099."),
    }

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if not EARLIEST <= moment < LATEST:
            self.fail("out_of_range")
        return moment


class SlugRefField(serializers.SlugRelatedField):
    """A reference to a row by its slug that asks the database only about well-formed slugs.

    Anything else (a NUL byte PostgreSQL refuses in text, 5,000 characters, a number) gets
    the same "does not exist" answer as an unknown slug, without a query.
    """

    _SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}\Z")

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not self._SLUG.match(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:100])
        return super().to_internal_value(data)
