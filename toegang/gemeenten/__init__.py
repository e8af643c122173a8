"""The gemeenten blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("gemeenten", __name__, url_prefix="/beheer/gemeenten")
