from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user

from toegang.catalogus import bp
from toegang.catalogus import operations as ops
from toegang.security import role_required


@bp.route("/codelijsten")
@role_required(*ops.VIEW_ROLES)
def codelijsten() -> Any:
    return render_template("catalogus/codelijsten.html", lists=ops.all_lists_for_view(current_user))


@bp.route("/wijken")
@role_required(*ops.VIEW_ROLES)
def wijken() -> Any:
    return render_template("catalogus/wijken.html", wijken=ops.wijken_for(current_user))
