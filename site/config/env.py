"""The one place that reads the environment (django-environ)."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

# A .env file is read only when asked for, so production runs on real
# environment variables alone (cookiecutter-django's DJANGO_READ_DOT_ENV_FILE).
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(str(BASE_DIR / ".env"))
