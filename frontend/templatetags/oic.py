"""Template helpers of the site: accessible form fields and localised times."""

from __future__ import annotations

from django import forms, template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


@register.inclusion_tag("frontend/includes/field.html")
def form_field(field: forms.BoundField) -> dict:
    """A field with its label, help and errors, the input pointing at both by
    aria-describedby so screen readers read the error with the field."""
    described = []
    help_id = f"{field.auto_id}-help"
    error_id = f"{field.auto_id}-error"
    if field.errors:
        described.append(error_id)
    if field.help_text:
        described.append(help_id)
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    widget = field.field.widget
    if field.field.required and not isinstance(widget, forms.CheckboxSelectMultiple):
        attrs["required"] = True
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "help_id": help_id,
        "error_id": error_id,
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
        "is_group": _is_group(widget),
    }


def _is_group(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.simple_tag
def field_anchor(field: forms.BoundField) -> str:
    """The id an error summary links to: the input itself, or a group's first option (a
    group's own id names no element)."""
    return f"{field.auto_id}_0" if _is_group(field.field.widget) else field.auto_id


@register.simple_tag
def when(value, fmt: str = "SHORT_DATETIME_FORMAT"):
    """A <time> element: machine-readable ISO date, human date in the active language."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(), formats.date_format(local, fmt)
    )


@register.filter
def criterion_average(result, criterion_id: int):
    """The jury's average on one criterion for one idea (jury page)."""
    return result.criterion_average(criterion_id)


@register.inclusion_tag("frontend/includes/follow.html", takes_context=True)
def follow_button(context, kind: str, pk: int, show_count: bool = False) -> dict:
    """Follow/unfollow for one challenge, idea, organisation, topic or person, and (on ideas
    and challenges) how many follow it: one query (notifications.selectors.follow_state)."""
    from notifications.selectors import follow_state

    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "follow": follow_state(person=request.user, kind=kind, target_id=pk),
        "show_count": show_count,
    }
