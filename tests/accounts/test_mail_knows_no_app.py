"""The mail capability knows no domain app, as realtime does not: apps hand it what to send."""

import ast
from pathlib import Path

from django.conf import settings

DOMAIN = {"accounts", "challenges", "ideas", "votes", "frontend", "oic", "bench"}


def test_mail_imports_no_domain_app():
    imported = set()
    for path in (Path(settings.BASE_DIR) / "platform" / "mail").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)

    assert imported & DOMAIN == set()
    assert "mail" in imported  # the scan did read the package
