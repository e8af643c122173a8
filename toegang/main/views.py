"""The start page and the health check."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from toegang.extensions import db
from toegang.main import bp


@bp.route("/")
def home() -> Any:
    return render_template("main/home.html", user=current_user)


@bp.route("/gezondheid")
def health() -> Any:
    """For the load balancer: the app runs and reaches its database. Reveals nothing else."""
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}
