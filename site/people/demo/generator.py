"""The people who fill the organization chart, generated from `random.Random(42)`:
realistic Indonesian names, valid NIPs, golongan that fit the position, some PPPK and a
supervisor hierarchy. Deterministic: every run produces the same people."""
from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from people.demo.logins import DEMO_LOGINS, DEMO_NIPS, EMAIL_DOMAIN, LOGIN_BY_ROLE
from people.demo.organization import FIXED_IN_SLOT, FIXED_STAFF, ORGANIZATION, OrgNode
from people.models import PositionKind, PositionLevel
from people.roles import HR_GROUP, MENTOR_GROUP

K, L = PositionKind, PositionLevel

# --- Position kinds, levels, golongan ranges ---------------------------------------------
_FUNCTIONAL_LEVELS = [
    ("Ahli Utama", L.AHLI_UTAMA), ("Ahli Madya", L.AHLI_MADYA), ("Ahli Muda", L.AHLI_MUDA),
    ("Ahli Pertama", L.AHLI_PERTAMA), ("Penyelia", L.PENYELIA), ("Mahir", L.MAHIR),
    ("Terampil", L.TERAMPIL), ("Pemula", L.PEMULA),
]
_PNS_RANGE = {  # position level/kind → allowed PNS golongan
    L.JPT_PRATAMA: ["IV/c", "IV/d"],
    K.ADMINISTRATOR: ["IV/a", "IV/b"],
    K.PENGAWAS: ["III/c", "III/d"],
    K.PELAKSANA: ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b"],
    L.AHLI_UTAMA: ["IV/d", "IV/e"],
    L.AHLI_MADYA: ["IV/a", "IV/b", "IV/c"],
    L.AHLI_MUDA: ["III/c", "III/d"],
    L.AHLI_PERTAMA: ["III/a", "III/b"],
    L.PENYELIA: ["III/c", "III/d"],
    L.MAHIR: ["III/a", "III/b"],
    L.TERAMPIL: ["II/b", "II/c", "II/d"],
    L.PEMULA: ["II/a"],
}
_PPPK_GRADE = {L.AHLI_PERTAMA: "IX", L.AHLI_MUDA: "X", L.TERAMPIL: "VII", L.MAHIR: "VIII",
               K.PELAKSANA: "V", L.PEMULA: "V"}
JOB_CLASS = {L.JPT_PRATAMA: 14, K.ADMINISTRATOR: 12, K.PENGAWAS: 9, K.PELAKSANA: 6,
              L.AHLI_UTAMA: 14, L.AHLI_MADYA: 12, L.AHLI_MUDA: 10, L.AHLI_PERTAMA: 8,
              L.PENYELIA: 8, L.MAHIR: 7, L.TERAMPIL: 6, L.PEMULA: 5}
_BIRTH_YEARS = {L.JPT_PRATAMA: (1967, 1975), K.ADMINISTRATOR: (1970, 1982),
                K.PENGAWAS: (1975, 1988), L.AHLI_UTAMA: (1965, 1970),
                L.AHLI_MADYA: (1968, 1978), L.AHLI_MUDA: (1975, 1988)}


def _kind_level(position: str) -> tuple[str, str]:
    for suffix, level in _FUNCTIONAL_LEVELS:
        if position.endswith(" " + suffix):
            return K.FUNGSIONAL, level
    return K.PELAKSANA, ""


# --- Names ------------------------------------------------------------------------------
_MALE = ["Agus", "Budi", "Dedi", "Eko", "Fajar", "Hadi", "Irfan", "Joko", "Kurniawan", "Lukman",
         "Muhammad", "Nanang", "Rudi", "Slamet", "Teguh", "Wahyu", "Yusuf", "Arif", "Dimas",
         "Rizky", "Andi", "Hendra", "Asep", "Ujang", "Dadang", "Iwan", "Bayu", "Taufik",
         "Ridwan", "Ahmad", "Heru", "Sutrisno", "Putu", "Made", "Gede", "Rahmat", "Syahrul"]
_FEMALE = ["Ani", "Dewi", "Endang", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nur",
           "Putri", "Ratna", "Sari", "Siti", "Tri", "Wulan", "Yuni", "Rina", "Novi", "Dian",
           "Ayu", "Lilis", "Euis", "Neneng", "Rahmawati", "Sri", "Eka", "Nia", "Intan",
           "Anisa", "Aulia", "Desi", "Ika", "Wahyuni", "Nurul", "Citra", "Fatimah"]
_LAST = ["Setiawan", "Saputra", "Pratama", "Hidayat", "Nugroho", "Wibowo", "Santoso",
         "Kusuma", "Permana", "Gunawan", "Hakim", "Siregar", "Nasution", "Harahap", "Lubis",
         "Simanjuntak", "Sinaga", "Rahman", "Firmansyah", "Suryadi", "Hermawan", "Purnomo",
         "Wijaya", "Susanti", "Handayani", "Maulana", "Ramadhan", "Syahputra", "Sulistyo",
         "Mulyadi", "Suhendar", "Kurnia", "Rosita", "Yulianti", "Anggraini", "Fauzi",
         "Hutapea", "Pohan", "Tanjung", "Chaniago", "Koto", "Sembiring", "Ginting"]
_DEGREES = ["S.E.", "S.Kom.", "S.Sos.", "S.H.", "S.T.", "S.Pd.", "S.IP.", "S.K.M.", "S.Ak."]
_MASTERS = ["M.Si.", "M.M.", "M.T.", "M.AP.", "M.Pd.", "M.H."]


@dataclass
class _Person:
    nip: str
    name: str
    email: str
    unit: str
    position: str
    employment_type: str
    rank: str
    supervisor_nip: str | None
    groups: list[str] = field(default_factory=list)


class _Generator:
    """Builds the people list from ORGANIZATION, deterministically."""

    def __init__(self) -> None:
        self.rng = random.Random(42)
        self.used_nip_prefixes: dict[str, int] = {}
        self.used_emails: set[str] = set()
        self.people: list[_Person] = []
        self.units: list[tuple[str, str | None]] = []  # (name, parent name)
        self.positions: dict[str, tuple[str, str]] = {}  # name → (kind, level)
        self.fixed_done: set[str] = set()
        for login in DEMO_LOGINS:
            self.used_emails.add(login["email"])
        for nip in DEMO_NIPS.values():
            self.used_nip_prefixes[nip[:15]] = int(nip[15:])

    # identity ----------------------------------------------------------------
    def nip(self, *, rank_key: str, gender: int, pppk: bool) -> str:
        low, high = _BIRTH_YEARS.get(rank_key, (1978, 2000))
        birth = dt.date(self.rng.randint(low, high), self.rng.randint(1, 12),
                        self.rng.randint(1, 28))
        year = min(birth.year + self.rng.randint(21, 27), 2024)
        if pppk:
            year = self.rng.randint(2021, 2024)
            prefix = f"{birth:%Y%m%d}{year}01{gender}"  # NI PPPK: date, year, contract code
        else:
            prefix = f"{birth:%Y%m%d}{year}{self.rng.randint(1, 12):02d}{gender}"
        seq = self.used_nip_prefixes.get(prefix, 0) + 1
        self.used_nip_prefixes[prefix] = seq
        return f"{prefix}{seq:03d}"

    def name(self, *, gender: int, senior: bool) -> tuple[str, str]:
        first = self.rng.choice(_MALE if gender == 1 else _FEMALE)
        last = self.rng.choice(_LAST)
        while last == first:
            last = self.rng.choice(_LAST)
        bare = f"{first} {last}"
        title = ""
        roll = self.rng.random()
        if senior:
            title = f", {self.rng.choice(_DEGREES)}, {self.rng.choice(_MASTERS)}"
        elif roll < 0.6:
            title = f", {self.rng.choice(_DEGREES)}"
        elif roll < 0.75:
            title = ", A.Md."
        return bare, bare + title

    def email(self, bare_name: str) -> str:
        slug = re.sub(r"[^a-z]+", ".", bare_name.lower()).strip(".")
        candidate, n = slug, 1
        while f"{candidate}@{EMAIL_DOMAIN}" in self.used_emails:
            n += 1
            candidate = f"{slug}{n}"
        email = f"{candidate}@{EMAIL_DOMAIN}"
        self.used_emails.add(email)
        return email

    # people --------------------------------------------------------------------
    def person(self, *, unit: str, position: str, supervisor: str | None,
               pppk: bool = False) -> _Person:
        kind, level = self.positions[position]
        rank_key = level or kind
        role = FIXED_IN_SLOT.get(position)
        if role and role not in self.fixed_done:
            self.fixed_done.add(role)
            login = LOGIN_BY_ROLE[role]
            rank = _PNS_RANGE[rank_key][-1]
            return self.add(_Person(login["username"], login["name"], login["email"], unit,
                                    position, "PNS", rank, supervisor, self.groups_for(role)))
        gender = self.rng.choice([1, 2])
        senior = kind in (K.JPT, K.ADMINISTRATOR) or level in (L.AHLI_MADYA, L.AHLI_UTAMA)
        bare, full = self.name(gender=gender, senior=senior)
        pppk = pppk and rank_key in _PPPK_GRADE
        rank = _PPPK_GRADE[rank_key] if pppk else self.rng.choice(_PNS_RANGE[rank_key])
        return self.add(_Person(
            self.nip(rank_key=rank_key, gender=gender, pppk=pppk), full, self.email(bare), unit,
            position, "PPPK" if pppk else "PNS", rank, supervisor,
        ))

    @staticmethod
    def groups_for(role: str) -> list[str]:
        return {"hr": [HR_GROUP], "mentor": [MENTOR_GROUP]}.get(role, [])

    def add(self, person: _Person) -> _Person:
        self.people.append(person)
        return person

    def walk(self, node: OrgNode, *, parent_unit: str | None, boss: _Person | None,
             opd_head: _Person | None) -> None:
        unit, head_position, kind, level, children, staff = node
        self.units.append((unit, parent_unit))
        self.positions.setdefault(head_position, (kind, level))
        head = self.person(unit=unit, position=head_position,
                           supervisor=boss.nip if boss else None)
        opd_head = opd_head or head
        for position in staff:
            self.positions.setdefault(position, _kind_level(position))
        # Staff of a leaf unit: 2-3 per listed position; a unit with children keeps
        # its listed specialists (reporting by level, domain.md §6.3).
        for position in staff:
            p_kind, p_level = self.positions[position]
            count = 1 if children or p_level in (L.AHLI_MADYA, L.AHLI_UTAMA) else (
                self.rng.randint(2, 4))
            if position.startswith(("Guru", "Perawat")):
                count += 3
            for _ in range(count):
                if p_level in (L.AHLI_MADYA, L.AHLI_UTAMA):
                    sup = opd_head
                elif p_kind == K.ADMINISTRATOR or position.startswith("Sekretaris Kecamatan"):
                    sup = head
                else:
                    sup = head
                pppk = self.rng.random() < (0.5 if position.startswith(("Guru", "Perawat"))
                                            else 0.1)
                self.person(unit=unit, position=position, supervisor=sup.nip, pppk=pppk)
        for child in children:
            self.walk(child, parent_unit=unit, boss=head, opd_head=opd_head)

    def run(self) -> None:
        # "Sekretaris Kecamatan" is an administrator post reporting to the camat.
        self.positions["Sekretaris Kecamatan Sukamaju"] = (K.ADMINISTRATOR, "")
        self.positions["Sekretaris Kecamatan Cibening"] = (K.ADMINISTRATOR, "")
        for node in ORGANIZATION:
            self.walk(node, parent_unit=None, boss=None, opd_head=None)
        heads = {p.unit: p for p in self.people if self.positions[p.position][0] in (
            K.PENGAWAS, K.ADMINISTRATOR, K.JPT)}
        for role, unit, position, etype, rank, _gender in FIXED_STAFF:
            login = LOGIN_BY_ROLE[role]
            self.positions.setdefault(position, _kind_level(position))
            self.add(_Person(login["username"], login["name"], login["email"], unit, position,
                             etype, rank, heads[unit].nip, self.groups_for(role)))


def demo_people() -> tuple[list[tuple[str, str | None]], dict[str, tuple[str, str]],
                           list[_Person]]:
    """(units with parent names, positions → (kind, level), people), deterministic."""
    gen = _Generator()
    gen.run()
    return gen.units, gen.positions, gen.people
