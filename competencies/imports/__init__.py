"""File imports (and exports) of the competencies app; see services.results_import."""
