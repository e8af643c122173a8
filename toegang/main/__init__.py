"""The main blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("main", __name__)
