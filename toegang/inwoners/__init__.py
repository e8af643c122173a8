"""The inwoners blueprint: the URL map only; views are imported by the factory."""

from flask import Blueprint

bp = Blueprint("inwoners", __name__, url_prefix="/inwoners")
