"""Domain exceptions raised by operations and translated to responses by the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class DomainError(Exception):
    """A rule of the domain was not met; the message is Dutch and safe to show to the user."""

    def __init__(self, message: str, field_name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_name = field_name


@dataclass
class Refusal:
    """What the audit log needs to know about a refused action."""

    action: str
    object_type: str | None = None
    object_id: int | str | None = None
    inwoner_id: int | None = None
    gemeente_id: int | None = None
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


class Refused(Exception):
    """The actor may not do this. The unit of work rolls back and records the refusal.

    ``status`` is 403 for a known object the actor may not touch and 404 for an object outside
    the actor's scope (so its existence is not revealed).
    """

    def __init__(self, refusal: Refusal, message: str = "U heeft geen toegang tot deze pagina.",
                 status: int = 403) -> None:
        super().__init__(message)
        self.refusal = refusal
        self.message = message
        self.status = status


class Conflict(DomainError):
    """The object changed since the user loaded it (stale version, double submit)."""
