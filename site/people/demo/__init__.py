"""Demo organization: "Pemerintah Kabupaten Sukamaju", a fictional regency.

~12 OPD (perangkat daerah) as a unit tree (OPD → bagian/bidang → subbagian/seksi),
positions of every kind and level, 300+ employees with valid NIPs, realistic
Indonesian names, golongan that fit the position, some PPPK, and a supervisor
hierarchy (head of OPD → kepala bidang → kepala seksi → staff).

Everything is generated from `random.Random(42)`, so every run produces the same
people. Idempotent: a second run finds every row as it should be and writes nothing
(rows are compared field by field before saving, so `updated_at` does not move).

Other apps may rely on the exported constants only: `DEMO_PASSWORD`, `DEMO_LOGINS`,
`DEMO_NIPS` (role → NIP) and `REGENCY_NAME`.

One concern a module: logins (the exported constants), organization (the unit tree as
data), generator (the people who fill it) and seed (writing them). `seed_demo` is
re-exported here because the seed_demo command calls it on "people.demo".
"""
from people.demo.logins import (
    DEMO_LOGINS,
    DEMO_NIPS,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    REGENCY_NAME,
)
from people.demo.seed import seed_demo

__all__ = [
    "DEMO_LOGINS",
    "DEMO_NIPS",
    "DEMO_PASSWORD",
    "EMAIL_DOMAIN",
    "REGENCY_NAME",
    "seed_demo",
]
