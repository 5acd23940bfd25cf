"""Production static files: every ES module hashed, and imports rewritten to the hashed names."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_collectstatic_hashes_modules_and_rewrites_their_imports(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "static-files-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "OIC_VAR_DIR": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    js = tmp_path / "static" / "frontend" / "js"
    [entry] = [p for p in js.glob("live.*.js") if re.fullmatch(r"live\.[0-9a-f]{12}\.js", p.name)]
    imports = re.findall(r'from "\./([^"]+)"', entry.read_text())

    assert imports, "live.js imports the other modules"
    for name in imports:
        assert re.fullmatch(r"[a-z0-9-]+\.[0-9a-f]{12}\.js", name), name
        assert (js / name).exists()
        assert (js / f"{name}.gz").exists()
