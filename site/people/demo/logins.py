"""The demo's fixed facts other apps rely on: the regency, the demo logins with their
NIPs and password, and places of birth."""
from __future__ import annotations

import zlib

REGENCY_NAME = "Pemerintah Kabupaten Sukamaju"
EMAIL_DOMAIN = "sukamajukab.go.id"
DEMO_PASSWORD = "bangkom2026"  # noqa: S105 - a published demo password, shown in the README

# The fixed demo people. NIPs are valid PNS NIPs (birth date, TMT, gender, sequence).
DEMO_NIPS = {
    "hr": "198703152010012003",
    "supervisor": "197806122003121002",
    "employee": "199405202019032004",
    "mentor": "197510082000031001",
    "pppk": "199608172022012001",  # NI PPPK: length-checked only
}

# Places of birth printed on certificates: the demo logins' own, the others' from a
# short list of towns of the province (every fourth person's is left unknown, as in
# real imports, so certificates also show "Tempat, tanggal lahir" with the date only).
DEMO_BIRTH_PLACES = {
    DEMO_NIPS["hr"]: "Bandung",
    DEMO_NIPS["supervisor"]: "Garut",
    DEMO_NIPS["employee"]: "Sukamaju",
    DEMO_NIPS["mentor"]: "Yogyakarta",
    DEMO_NIPS["pppk"]: "Sukamaju",
}
_BIRTH_TOWNS = ("Sukamaju", "Bandung", "Tasikmalaya", "", "Cirebon", "Garut", "Sumedang", "")


def demo_birth_place(nip: str) -> str:
    if nip in DEMO_BIRTH_PLACES:
        return DEMO_BIRTH_PLACES[nip]
    return _BIRTH_TOWNS[zlib.crc32(nip.encode()) % len(_BIRTH_TOWNS)]


DEMO_LOGINS: list[dict[str, str]] = [
    {"role": "hr", "username": DEMO_NIPS["hr"], "email": f"rina.marlina@{EMAIL_DOMAIN}",
     "password": DEMO_PASSWORD, "name": "Rina Marlina, S.Psi."},
    {"role": "supervisor", "username": DEMO_NIPS["supervisor"],
     "email": f"bambang.setiawan@{EMAIL_DOMAIN}", "password": DEMO_PASSWORD,
     "name": "Ir. Bambang Setiawan, M.T."},
    {"role": "employee", "username": DEMO_NIPS["employee"],
     "email": f"dewi.lestari@{EMAIL_DOMAIN}", "password": DEMO_PASSWORD,
     "name": "Dewi Lestari"},
    {"role": "mentor", "username": DEMO_NIPS["mentor"],
     "email": f"hendra.gunawan@{EMAIL_DOMAIN}", "password": DEMO_PASSWORD,
     "name": "Dr. Hendra Gunawan, M.Kom."},
    {"role": "pppk", "username": DEMO_NIPS["pppk"], "email": f"nur.aini@{EMAIL_DOMAIN}",
     "password": DEMO_PASSWORD, "name": "Nur Aini, S.Pd."},
    {"role": "admin", "username": "admin", "email": f"admin@{EMAIL_DOMAIN}",
     "password": DEMO_PASSWORD, "name": "Administrator"},
]
LOGIN_BY_ROLE = {login["role"]: login for login in DEMO_LOGINS}
