"""Names of actors that work for the kommune's committees too (§6.5: ``kommune:NAME`` sub-actors)."""

from __future__ import annotations

from somsim._vocab import COMMITTEE_PREFIX

__all__ = ["ActorNames"]


class ActorNames(dict):
    """A dict of actor names in which a committee key ``kommune:NAME`` is named by NAME itself."""

    def __missing__(self, key: str) -> str:
        if isinstance(key, str) and key.startswith(COMMITTEE_PREFIX):
            return key[len(COMMITTEE_PREFIX):]
        raise KeyError(key)
