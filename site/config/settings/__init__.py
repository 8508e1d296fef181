# The environment alone decides how Bangkom runs: see base.py.
from .base import *  # noqa: F401,F403
