"""Privacy: bewaartermijn (retention), inzage (AVG art. 15 / NEN 7513) and backups.

The blueprint holds the URL map only; views are imported by the factory.
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
