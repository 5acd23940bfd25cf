"""Request body parsers of the API, bounded in size and depth so that no body is a 500.

DRF's own parsers read the request stream directly, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE
(which guards only `request.body` and Django's form parsing), and its JSON parser lets the
RecursionError of a few thousand nested `[` escape as a server error. These read at most the
configured number of bytes (413 beyond), and answer 400 to JSON that is nested deeper than any
shape of this API or that holds a number no field can take.
"""

from __future__ import annotations

import codecs
import json
import math
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

# The deepest JSON any request of this API needs is 2 (an object holding a list of slugs).
MAX_JSON_DEPTH = 20


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def read_body(stream, parser_context: dict | None) -> bytes:
    """The whole body, or RequestTooLarge past DATA_UPLOAD_MAX_MEMORY_SIZE bytes (None: no
    limit). A declared Content-Length over the limit is refused before anything is read."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return stream.read()
    request = (parser_context or {}).get("request")
    declared = request.META.get("CONTENT_LENGTH") if request is not None else None
    if declared and declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge()
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise RequestTooLarge()
    return body


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"Out of range float value: {text[:20]}")
    return number


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_shape(value) -> None:
    """ValueError for parsed JSON nested deeper than MAX_JSON_DEPTH or holding a lone UTF-16
    surrogate (`"\\ud800"`: valid JSON, but no character; no response, page or database
    can encode it). Walks without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                raise ValueError("a string holds a lone surrogate")
            continue
        if isinstance(node, dict):
            stack.extend((key, depth) for key in node)
            node = list(node.values())
        elif not isinstance(node, list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise ValueError("nested too deeply")
        stack.extend((child, depth + 1) for child in node)


def loads_bounded(text: str):
    """JSON → Python, or ValueError for what the API never takes: nesting deeper than
    MAX_JSON_DEPTH, lone surrogates, NaN/Infinity, floats beyond the double range, ints over
    4,300 digits."""
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    _check_shape(data)
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = read_body(stream, parser_context)
        try:
            return loads_bounded(codecs.decode(body, parsers.get_encoding(parser_context or {})))
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise ParseError(_("JSON parse error - %s") % exc) from exc
