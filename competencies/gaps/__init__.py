"""Gap analysis and Job Person Match: computation (compute.py, pure), loading and
writing per chunk of employees (services.py), reads for pages (selectors.py).
Rules: docs/competencies-gaps.md."""
