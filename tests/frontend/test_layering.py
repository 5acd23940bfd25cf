"""The site holds no query and no rule: it renders what selectors return and calls services.

What this pins, module by module in `frontend/` (read as source, so nothing needs to run):
- no `.objects` / `_default_manager` (a query starts there), no queryset-building method call
  (`.filter(`, `.order_by(` …), no `get_object_or_404` and no `Paginator` (selectors page);
- no import of `realtime.models`: the event log is the realtime app's, and it is pruned;
- a domain model class imported from a `models` module may be used only for what is not a
  query: its nested classes (`Idea.DoesNotExist`, `Challenge.Status`, `Organisation.Kind`),
  type hints, and a choices enum's `choices` / `values` / `labels` / `names`. Any other
  lower-case attribute of it (`Idea.objects`, `Idea._meta`) fails.
Rules (who may do what) are not found by syntax; the pages ask the services' `*_can_*`
functions, which tests/ideas and tests/votes pin.
"""

import ast
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
QUERY_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "order_by",
    "select_related",
    "prefetch_related",
    "defer",
    "only",
    "values_list",
    "raw",
    "extra",
    "select_for_update",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
}
# What a choices enum imported from a models module offers (`Sector.choices`): no query.
ENUM_ATTRIBUTES = {"choices", "values", "labels", "names"}
FORBIDDEN_NAMES = {"get_object_or_404", "get_list_or_404", "Paginator"}


def modules() -> list[Path]:
    return sorted(FRONTEND.rglob("*.py"))


def problems(source: str) -> list[str]:
    tree = ast.parse(source)
    model_names: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "realtime.models" or node.module.startswith("realtime.models."):
                found.append(f"line {node.lineno}: imports realtime.models")
            if node.module.split(".")[-1] == "models" and not node.module.startswith("django"):
                model_names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.endswith(".models") and not alias.name.startswith("django"):
                    found.append(f"line {node.lineno}: imports the module {alias.name}")
        elif isinstance(node, ast.Attribute):
            if node.attr in {"objects", "_default_manager", "_base_manager"}:
                found.append(f"line {node.lineno}: .{node.attr}")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in model_names
                and not node.attr[0].isupper()
                and node.attr not in ENUM_ATTRIBUTES
            ):
                found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in QUERY_METHODS:
                found.append(f"line {node.lineno}: .{node.func.attr}(…)")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"line {node.lineno}: {node.id}")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(FRONTEND).as_posix())
def test_the_site_module_holds_no_query(path):
    assert problems(path.read_text()) == []


def test_the_check_finds_each_kind_of_query():
    source = """
from django.shortcuts import get_object_or_404
from ideas.models import Idea
from realtime.models import Event
def view(request, pk):
    Idea.objects.get(pk=pk)
    Idea._meta.get_field("title")
    request.user.comments.filter(deleted_at=None)
    get_object_or_404(Idea, pk=pk)
    raise Idea.DoesNotExist
    x: Idea = Idea.Status.SELECTED
"""
    assert sorted(problems(source)) == [
        "line 4: imports realtime.models",
        "line 6: .objects",
        "line 7: Idea._meta",
        "line 8: .filter(…)",
        "line 9: get_object_or_404",
    ]
