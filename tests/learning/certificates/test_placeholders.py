"""Placeholders: filled, escaped, only the documented ones; Indonesian formats."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from learning.certificates.models import CertificateTemplate
from learning.certificates.placeholders import (
    date_id,
    date_range_id,
    jp_id,
    layout_compile,
    nip_grouped,
    number_format,
    number_pattern_validate,
    number_series,
    placeholders_unknown,
)


class PlaceholderTests:
    def test_values_are_escaped_as_text(self):
        layout = layout_compile("<p class='n'>{{ name }}</p><p>{{title}}</p>")
        html = layout.fill({"name": "<script>alert(1)</script>", "title": 'A & "B"'}, {})
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "A &amp; &quot;B&quot;" in html

    def test_template_syntax_in_hr_input_is_just_text(self):
        html = layout_compile("{% load static %}{{ name|upper }}{{ secret_key }}").fill(
            {"name": "Ani"}, {})
        # Not a template engine: the tag stays literal, filters and unknown names are
        # not placeholders and nothing is evaluated.
        assert html.startswith("{% load static %}")
        assert "ANI" not in html

    def test_undocumented_placeholder_renders_nothing(self):
        assert layout_compile("[{{ password }}]").fill({"password": "x"}, {}) == "[]"

    def test_markup_placeholders_take_our_markup(self):
        html = layout_compile("{{ qr }}").fill({"qr": "<b>no</b>"}, {"qr": "<img src=x>"})
        assert html == "<img src=x>"

    def test_unknown_placeholders_are_listed(self):
        assert placeholders_unknown("{{ name }} {{ foo }} {{bar}}") == ["bar", "foo"]

    @pytest.mark.django_db
    def test_admin_form_refuses_unknown_placeholders(self):
        template = CertificateTemplate(name="x", subject_kind="WORKSHOP",
                                       body_html="{{ name }} {{ gaji }}")
        with pytest.raises(ValidationError) as exc:
            template.full_clean()
        assert "gaji" in str(exc.value)

    @pytest.mark.django_db
    def test_one_default_template_per_kind(self):
        CertificateTemplate.objects.create(name="a", subject_kind="WORKSHOP", body_html="x")
        second = CertificateTemplate(name="b", subject_kind="WORKSHOP", body_html="x")
        with pytest.raises(ValidationError) as exc:
            second.full_clean()
        assert "is_default" in exc.value.message_dict
        second.is_default = False
        second.full_clean()


class IndonesianFormatTests:
    def test_dates(self):
        assert date_id(dt.date(2026, 12, 3)) == "3 Desember 2026"
        assert date_range_id(dt.date(2026, 12, 1), dt.date(2026, 12, 3)) == "1–3 Desember 2026"
        assert (date_range_id(dt.date(2026, 11, 28), dt.date(2026, 12, 2))
                == "28 November – 2 Desember 2026")
        assert (date_range_id(dt.date(2026, 12, 30), dt.date(2027, 1, 2))
                == "30 Desember 2026 – 2 Januari 2027")
        assert date_range_id(dt.date(2026, 5, 20), dt.date(2026, 5, 20)) == "20 Mei 2026"

    def test_nip_grouped(self):
        assert nip_grouped("198501012010011001") == "19850101 201001 1 001"
        assert nip_grouped("12345") == "12345"

    def test_jp(self):
        assert jp_id(Decimal("8.0")) == "8"
        assert jp_id(Decimal("2.5")) == "2,5"
        assert jp_id(Decimal("10")) == "10"


class NumberPatternTests:
    def test_series_and_number(self):
        series = number_series(pattern="{seq}/BKPSDM/{code}/{month}/{year}", code="PLT",
                               year=2026, month=12)
        assert series == "{seq}/BKPSDM/PLT/XII/2026"
        assert number_format(series=series, seq=7, digits=3) == "007/BKPSDM/PLT/XII/2026"

    def test_pattern_needs_seq_and_known_fields(self):
        with pytest.raises(ValidationError):
            number_pattern_validate("BKPSDM/{year}")
        with pytest.raises(ValidationError):
            number_pattern_validate("{seq}/{nama}")
        number_pattern_validate("{seq}/{code}/{year}")


class ConditionTests:
    """data-if / data-unless: a labelled line disappears with its unknown value."""

    def test_data_if_hides_the_element_of_an_empty_value(self):
        layout = layout_compile('<tr data-if="nip"><th>NIP</th><td>{{ nip }}</td></tr>'
                                '<p data-unless="tte">ruang tanda tangan</p>')
        assert layout.fill({"nip": ""}, {}) == (
            '<tr data-if="nip" hidden><th>NIP</th><td></td></tr>'
            '<p data-unless="tte">ruang tanda tangan</p>')
        assert layout.fill({"nip": "1985", "tte": "ya"}, {}) == (
            '<tr data-if="nip"><th>NIP</th><td>1985</td></tr>'
            '<p data-unless="tte" hidden>ruang tanda tangan</p>')

    def test_unknown_names_in_conditions_are_refused(self):
        assert placeholders_unknown('<p data-if="gaji">{{ name }}</p>') == ["gaji"]

    def test_place_and_date_without_a_dangling_comma(self):
        from learning.certificates.placeholders import place_date_id

        assert place_date_id("Sukamaju", "8 Desember 2026") == "Sukamaju, 8 Desember 2026"
        assert place_date_id("", "8 Desember 2026") == "8 Desember 2026"
        assert place_date_id("Sukamaju", "") == "Sukamaju"
