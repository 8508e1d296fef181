"""factory_boy factories for the people app. Other apps' factories live beside
their tests (tests/<app>/factories.py) and may build on these."""
from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group

from people.models import Employee, EmploymentType, Position, PositionKind, Rank, Unit, User

PASSWORD = "Rahasia-123!"


def make_nip(seq: int, *, birth=dt.date(1985, 1, 1), tmt=(2010, 3), gender: int = 1) -> str:
    """A valid PNS NIP; `seq` varies the birth date and sequence so NIPs are unique."""
    birth = birth + dt.timedelta(days=seq // 999)
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{gender}{seq % 999 + 1:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Pengolah Data {n}")
    kind = PositionKind.PELAKSANA
    level = ""


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.Sequence(lambda n: make_nip(n))
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    employment_type = EmploymentType.PNS
    rank = factory.LazyFunction(lambda: Rank.objects.get(employment_type="PNS", code="III/a"))
    position = factory.SubFactory(PositionFactory)
    unit = factory.SubFactory(UnitFactory)
    email = factory.LazyAttribute(lambda e: f"{e.nip}@example.go.id")
    user = factory.LazyAttribute(
        lambda e: UserFactory(username=e.nip, email=e.email, first_name=e.name)
    )


def make_hr_user(username: str = "hr.admin") -> User:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="HR"))
    return user
