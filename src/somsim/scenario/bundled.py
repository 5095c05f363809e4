"""The activity libraries shipped inside the package, named ``somsim:NAME`` in an ``include`` list.

``include = ["somsim:dk-activities"]`` reads ``somsim/scenario/libraries/dk-activities.toml``
from the installed package, so a scenario needs no checkout of the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["PREFIX", "bundled_names", "bundled_path", "resolve_bundled"]

#: an include that starts with this names a bundled library
PREFIX = "somsim:"


def _folder() -> Path:
    return Path(str(resources.files("somsim.scenario") / "libraries"))


def bundled_names() -> list[str]:
    """The names of the bundled libraries (``dk-activities`` …), sorted."""
    return sorted(p.stem for p in _folder().glob("*.toml"))


def bundled_path(name: str) -> Path | None:
    """The file of the bundled library `name` (without the ``somsim:`` prefix), or None."""
    return _folder() / f"{name}.toml" if name in bundled_names() else None


def resolve_bundled(include: str) -> tuple[Path | None, str | None]:
    """The file an include ``somsim:NAME`` names, or None and the problem (the bundled names listed)."""
    name = include[len(PREFIX):]
    p = bundled_path(name)
    if p is None:
        names = ", ".join(f"{PREFIX}{n}" for n in bundled_names())
        return None, f"unknown bundled library (got {include!r}; expected one of {names})"
    return p, None
