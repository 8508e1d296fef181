"""NIP and golongan validation (domain.md §6.1-6.2)."""
import pytest
from django.core.exceptions import ValidationError

from people.models import Employee, Rank
from people.nip import nip_normalize, nip_validate, pns_nip_parse
from tests.factories import EmployeeFactory

VALID = "198609262015051001"


def codes(nip: str, employment_type: str = "PNS") -> str:
    with pytest.raises(ValidationError) as exc:
        nip_validate(nip, employment_type=employment_type)
    return exc.value.code


class TestNip:
    def test_valid_nip_parses(self):
        parsed = pns_nip_parse(VALID)
        assert str(parsed.birth_date) == "1986-09-26"
        assert (parsed.appointment_year, parsed.appointment_month) == (2015, 5)
        assert parsed.gender == "L" and parsed.sequence == 1
        assert pns_nip_parse("198609262015052003").gender == "P"

    def test_spaces_dots_and_dashes_are_ignored(self):
        assert nip_normalize("19860926 201505 1 001") == VALID
        assert nip_normalize(" 19860926.201505.1.001 ") == VALID
        assert nip_normalize("19860926-201505-1-001") == VALID
        nip_validate(nip_normalize("19860926 201505 1 001"), employment_type="PNS")

    @pytest.mark.parametrize("nip,code", [
        ("19860926201505100", "nip_length"),  # 17 digits
        ("1986092620150510011", "nip_length"),  # 19 digits
        ("", "nip_digits"),
        ("19860926201505100A", "nip_digits"),
        ("1.98501E+17", "nip_digits"),
        ("198602302015051001", "nip_birth_date"),  # 30 February
        ("198613262015051001", "nip_birth_date"),  # month 13 of birth
        ("198609262015001001", "nip_tmt"),  # TMT month 00
        ("198609262015131001", "nip_tmt"),  # TMT month 13
        ("198609262004051001", "nip_tmt_age"),  # CPNS at 17
        ("198609262004081001", "nip_tmt_age"),  # 17 years 11 months
        ("198609262015053001", "nip_gender"),
        ("198609262015050001", "nip_gender"),
        ("198609262015051000", "nip_sequence"),
    ])
    def test_invalid_pns_nips(self, nip, code):
        assert codes(nip) == code

    def test_exactly_18_years_is_accepted(self):
        nip_validate("198609262004091001", employment_type="PNS")

    def test_pppk_numbers_are_checked_for_length_and_digits_only(self):
        # Not a valid PNS NIP (gender digit 0) but a plausible NI PPPK.
        nip_validate("199508172022010001", employment_type="PPPK")
        nip_validate("199508172022012001", employment_type="PPPK")
        assert codes("199508172022010001") == "nip_gender"
        assert codes("19950817202201200", "PPPK") == "nip_length"
        assert codes("19950817202201200X", "PPPK") == "nip_digits"

    def test_messages_name_the_faulty_part(self):
        with pytest.raises(ValidationError) as exc:
            nip_validate("198602302015051001", employment_type="PNS")
        assert "19860230" in exc.value.messages[0]


@pytest.mark.django_db
class TestGolonganPerEmploymentType:
    def test_pns_with_pns_rank_is_valid(self):
        EmployeeFactory().full_clean()

    def test_pns_with_pppk_grade_is_invalid(self):
        employee = EmployeeFactory()
        employee.rank = Rank.objects.get(employment_type="PPPK", code="IX")
        with pytest.raises(ValidationError) as exc:
            employee.full_clean()
        assert "rank" in exc.value.message_dict

    def test_pppk_with_pns_rank_is_invalid(self):
        employee = EmployeeFactory(employment_type="PPPK", nip="199508172022010001",
                                   rank=Rank.objects.get(employment_type="PNS", code="III/a"))
        with pytest.raises(ValidationError) as exc:
            employee.full_clean()
        assert set(exc.value.message_dict) == {"rank"}

    def test_initials_skip_titles(self):
        assert EmployeeFactory.build(name="Ir. Bambang Setiawan, M.T.").initials == "BS"
        assert EmployeeFactory.build(name="Dewi").initials == "D"

    def test_rank_tables(self):
        assert Rank.objects.filter(employment_type="PNS").count() == 17
        assert list(Rank.objects.filter(employment_type="PPPK").values_list("code", flat=True)
                    )[:3] == ["I", "II", "III"]
        assert Rank.objects.filter(employment_type="PPPK").count() == 17

    def test_model_clean_normalizes_and_validates_nip(self):
        employee = EmployeeFactory.build(nip="19860926 201505 1 001")
        employee.rank = Rank.objects.get(employment_type="PNS", code="III/a")
        employee.clean()
        assert employee.nip == VALID
        employee.nip = "198609262015053001"
        with pytest.raises(ValidationError):
            employee.clean()

    def test_employee_cannot_supervise_themselves_in_the_database(self):
        from django.db import IntegrityError, transaction

        employee = EmployeeFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Employee.objects.filter(pk=employee.pk).update(supervisor=employee)
