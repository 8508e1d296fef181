"""Browser steps shared by the competencies journeys (Playwright sync API)."""
from __future__ import annotations

from pathlib import Path


def upload_results_file(page, path: str | Path) -> None:
    """As a logged-in HR user: open /kompetensi/impor/, upload `path`, and wait for the
    result (the success summary or the error table) to be shown."""
    page.goto(f"{page.base_url}/kompetensi/impor/")
    page.set_input_files("[data-testid=results-import-form] input[type=file]", str(path))
    page.click("[data-testid=results-import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-summary], [data-testid=import-errors]")
