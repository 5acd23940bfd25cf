"""`platform/` is a source root, not a package: the standard library's module must survive."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_stdlib_platform_module_works_with_project_loaded():
    import django.apps

    import oic.settings  # noqa: F401

    assert django.apps.apps.ready
    import platform

    assert isinstance(platform.system(), str)
    assert platform.system() != ""
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_stdlib_platform_module_in_a_fresh_process():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'oic.settings'; "
        "django.setup(); import uuid, platform; print(platform.system())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip()
