"""One job framework for the long-running jobs (recomputations, imports, matching runs,
certificate bulk work): see docs/architecture.md, "Jobs".

It lives in config, below every app, so people, competencies, learning and mentoring
can all build on it without breaking the apps' layering. Its models are abstract: each
job keeps its own table (and its own counts and result file); only the shape is shared.
"""
