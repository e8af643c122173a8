"""The catalogus blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("catalogus", __name__, url_prefix="/catalogus")
