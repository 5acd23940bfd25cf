"""Print pyproject.toml's dependencies (with the dev extra) as requirements, the packages named
on the command line pinned to the lowest version the project declares (`name>=X` -> `name==X`).

Used by .ci/min-versions: the declared minimum is a promise, and this makes CI keep it."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main(pinned: list[str]) -> int:
    project = tomllib.loads(Path("pyproject.toml").read_text())["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    wanted = {canonical(name) for name in pinned}
    found = set()
    for requirement in requirements:
        name, extras, spec = REQUIREMENT.match(requirement).groups()
        if canonical(name) in wanted:
            lowest = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
            if lowest is None:
                print(f"{name} declares no lower bound (>=) in pyproject.toml", file=sys.stderr)
                return 1
            requirement = f"{name}{extras or ''}=={lowest.group(1)}"
            found.add(canonical(name))
        print(requirement)
    missing = wanted - found
    if missing:
        print(f"Not declared in pyproject.toml: {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
