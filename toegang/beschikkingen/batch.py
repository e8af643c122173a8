"""Issuing all ready beschikkingen of a day in one run, rendering in parallel over a process pool.

Three phases, so that parallel rendering needs no database lock and one failing letter loses
nothing of the others:
1. select the ready concepts and reserve their kenmerken (one short transaction);
2. render every letter in worker processes (read-only; each worker builds its own app);
3. store each rendered letter in its own short transaction, re-checking that it is still issuable
   (an approval may have been voided in the meantime). A failure is reported and skipped.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

from toegang.audit.operations import acting_as, record
from toegang.beschikkingen import operations as ops
from toegang.beschikkingen.letter import render_beschikking
from toegang.beschikkingen.models import Beschikking, BeschikkingStatus
from toegang.errors import DomainError
from toegang.extensions import db


@dataclass
class BatchResult:
    total: int = 0
    issued: list[str] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def ready_concepts(gemeente_ids: frozenset[int] | set[int]) -> list[Beschikking]:
    """Concepts in these gemeenten that nothing blocks."""
    concepts = db.session.scalars(
        sa.select(Beschikking).where(Beschikking.status == BeschikkingStatus.CONCEPT,
                                     Beschikking.gemeente_id.in_(gemeente_ids)).order_by(Beschikking.id)
    ).unique().all()
    return [b for b in concepts if not ops.blocking_problems(b)]


# ----------------------------------------------------------------------------- worker processes

_worker_app: Flask | None = None

#: Letters stored per transaction in the batch's store phase.
STORE_CHUNK = 20


def _init_worker(config: Any) -> None:
    """Build this worker's own app. Workers only read, so SQLite transactions here are deferred."""
    global _worker_app
    from toegang import create_app
    from toegang import db as toegang_db

    toegang_db.SQLITE_BEGIN = "BEGIN"

    _worker_app = create_app(config)


def _render_in_worker(job: tuple[int, str, date]) -> tuple[int, bytes | None, str | None]:
    assert _worker_app is not None
    with _worker_app.app_context():
        try:
            return _render(job)
        finally:
            db.session.remove()


def _render(job: tuple[int, str, date]) -> tuple[int, bytes | None, str | None]:
    """Render one letter with its reserved kenmerk; never writes (its savepoint is rolled back).

    A savepoint, not a rollback of the session: rendering in-process (one worker) must not undo
    the letters already stored in the open transaction.
    """
    beschikking_id, kenmerk, verzenddatum = job
    savepoint = db.session.begin_nested()
    try:
        b = db.session.get(Beschikking, beschikking_id)
        if b is None:
            return beschikking_id, None, "De beschikking bestaat niet meer."
        b.kenmerk, b.verzenddatum = kenmerk, verzenddatum
        return beschikking_id, render_beschikking(b, concept=False), None
    except Exception as exc:  # reported per letter; the batch goes on
        return beschikking_id, None, f"Opmaken mislukt: {exc}"
    finally:
        if savepoint.is_active:
            savepoint.rollback()  # the kenmerk was only set for the letter; nothing is stored here


# ----------------------------------------------------------------------------- the run

def issue_ready(actor: Any, verzenddatum: date, *, workers: int | None = None,
                progress: Callable[[int, int, int], None] | None = None,
                only_ids: list[int] | None = None) -> BatchResult:
    """Issue every ready concept of the actor's gemeenten with this verzenddatum."""
    ready = [b for b in ready_concepts(actor.gemeente_ids) if only_ids is None or b.id in only_ids]
    result = BatchResult(total=len(ready))
    if not ready:
        return result
    # Phase 1: reserve kenmerken per gemeente.
    jobs: list[tuple[int, str, date]] = []
    by_gemeente: dict[int, list[Beschikking]] = {}
    for b in ready:
        by_gemeente.setdefault(b.gemeente_id, []).append(b)
    for gemeente_id, letters in by_gemeente.items():
        code = letters[0].hulpvraag.inwoner.gemeente.code
        for b, kenmerk in zip(letters, ops.next_kenmerken(gemeente_id, code, verzenddatum.year, len(letters)),
                              strict=True):
            jobs.append((b.id, kenmerk, verzenddatum))
    record("batch_beschikkingen_start", details={"aantal": len(jobs), "verzenddatum": verzenddatum.isoformat()},
           actor=actor)
    db.session.commit()
    # Phase 2 and 3: render in parallel; store each letter in its own savepoint as results come in,
    # committing every STORE_CHUNK letters (a commit per letter cost more than storing it).
    workers = workers if workers is not None else current_app.config.get("BATCH_WORKERS", os.cpu_count() or 1)
    kenmerken = {beschikking_id: kenmerk for beschikking_id, kenmerk, _ in jobs}
    pending: list[tuple[int, str]] = []  # stored in the open transaction, not yet committed
    done = 0

    def commit_chunk() -> None:
        try:
            db.session.commit()
            result.issued.extend(kenmerk for _, kenmerk in pending)
        except Exception:
            db.session.rollback()
            current_app.logger.exception("Vastleggen van een reeks beschikkingen mislukt")
            result.failed.extend((bid, "Opslaan mislukt; probeer deze opnieuw.") for bid, _ in pending)
        pending.clear()
        if progress is not None:
            progress(done, len(result.issued), len(result.failed))

    for beschikking_id, pdf, error in _rendered(jobs, workers):
        done += 1
        kenmerk = kenmerken[beschikking_id]
        if error is None and pdf is not None:
            error = _store(actor, beschikking_id, kenmerk, verzenddatum, pdf)
        if error is None:
            pending.append((beschikking_id, kenmerk))
        else:
            result.failed.append((beschikking_id, error))
        if len(pending) >= STORE_CHUNK or done == len(jobs):
            commit_chunk()
    if pending:
        commit_chunk()
    record("batch_beschikkingen_klaar", actor=actor,
           details={"vastgelegd": len(result.issued), "mislukt": len(result.failed)})
    db.session.commit()
    return result


def _rendered(jobs: list[tuple[int, str, date]], workers: int) -> Any:
    if workers <= 1 or len(jobs) < 4:
        yield from (_render(job) for job in jobs)
        return
    config = current_app.config["TOEGANG_CONFIG"]
    # "spawn": fresh processes that share no database connections with this one.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(config,)) as pool:
        yield from pool.map(_render_in_worker, jobs, chunksize=8)


def _store(actor: Any, beschikking_id: int, kenmerk: str, verzenddatum: date, pdf: bytes) -> str | None:
    """Store one letter in its own savepoint; return the reason when it cannot be issued.

    A failing letter rolls back only its savepoint: the others of the chunk are kept.
    """
    savepoint = db.session.begin_nested()
    try:
        with acting_as(actor):
            b = db.session.get(Beschikking, beschikking_id)
            if b is None:
                savepoint.rollback()
                return "De beschikking bestaat niet meer."
            ops.check_issuable(actor, b, verzenddatum, None)
            ops.finalise(actor, b, kenmerk, verzenddatum, pdf)
            savepoint.commit()
        return None
    except DomainError as err:
        savepoint.rollback()
        return err.message
    except Exception as exc:  # one letter's failure must not stop the batch
        savepoint.rollback()
        current_app.logger.exception("Vastleggen van beschikking %s mislukt", beschikking_id)
        return f"Opslaan mislukt: {type(exc).__name__}"


def run_tracked(app: Flask, run_id: int, actor_id: int, ids: list[int] | None = None) -> None:
    """Run a batch and keep its ``BatchRun`` row current (used from a background thread)."""
    from toegang.accounts.models import User
    from toegang.beschikkingen.models import BatchRun
    from toegang.db import utcnow

    with app.app_context():
        actor = db.session.get(User, actor_id)
        run = db.session.get(BatchRun, run_id)
        assert actor is not None and run is not None
        verzenddatum = run.verzenddatum

        def progress(done: int, issued: int, failed: int) -> None:
            db.session.execute(sa.update(BatchRun).where(BatchRun.id == run_id).values(
                done=done, issued=issued, failed=failed))
            db.session.commit()

        try:
            with acting_as(actor):
                result = issue_ready(actor, verzenddatum, progress=progress, only_ids=ids)
            errors = [{"beschikking_id": i, "reden": reden} for i, reden in result.failed]
            db.session.execute(sa.update(BatchRun).where(BatchRun.id == run_id).values(
                total=result.total, done=result.total, issued=len(result.issued), failed=len(result.failed),
                errors=errors, finished_at=utcnow()))
            db.session.commit()
        except Exception:
            db.session.rollback()
            app.logger.exception("Batch %s mislukt", run_id)
            db.session.execute(sa.update(BatchRun).where(BatchRun.id == run_id).values(
                finished_at=utcnow(), errors=[{"beschikking_id": None, "reden": "De batch is afgebroken."}]))
            db.session.commit()
        finally:
            db.session.remove()
