#!/usr/bin/env python
"""Django's command-line utility for Bangkom.

The `site/` folder is not a package (the standard library owns the name `site`);
it is put on sys.path here so that `config`, `home` and `people` import as
top-level names. See README "Layout".
"""
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BASE_DIR / "site"))
sys.path.insert(0, str(BASE_DIR))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
