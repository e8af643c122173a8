"""Canonical content and hashing of audit events, shared by writing and verifying."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from toegang.audit.models import AuditEvent


def canonical_content(event: AuditEvent) -> dict[str, Any]:
    occurred: datetime = event.occurred_at
    return {
        "seq": event.seq,
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "inwoner_id": event.inwoner_id,
        "gemeente_id": event.gemeente_id,
        "result": event.result.value,
        "origin": event.origin,
        "reason": event.reason,
        "details": event.details or {},
        "prev_hash": event.prev_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    payload = json.dumps(canonical_content(event), sort_keys=True, separators=(",", ":"),
                         ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
