"""The audit blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
