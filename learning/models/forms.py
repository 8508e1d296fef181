from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def jp_text(value: Decimal) -> str:
    """A JP figure as people read it: "2", "1,5" (no trailing zeros)."""
    return str(floatformat(value, -1))


class LearningCategory(models.TextChoices):
    PENDIDIKAN = "PENDIDIKAN", _("Formal education")
    KLASIKAL = "KLASIKAL", _("Classical training")
    NONKLASIKAL = "NONKLASIKAL", _("Non-classical training")


class JpUnit(models.TextChoices):
    PROGRAM = "PROGRAM", _("as set by the program")
    DAY = "DAY", _("per day")
    SESSION = "SESSION", _("per session")
    ACTIVITY = "ACTIVITY", _("per activity")


class LearningForm(models.Model):
    """A form (jalur) of competency development from Peraturan LAN 10/2018, with its
    JP credit rule (LAN's non-classical conversion table). Seed data HR edits."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=12, choices=LearningCategory.choices)
    jp_unit = models.CharField(_("JP unit"), max_length=10, choices=JpUnit.choices)
    jp_per_unit = models.DecimalField(
        _("JP per unit"), max_digits=5, decimal_places=1, null=True, blank=True,
        help_text=_("Empty when the program sets the JP."),
    )
    international_jp_per_unit = models.DecimalField(
        _("JP per unit abroad"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    international_multiplier = models.DecimalField(
        _("multiplier abroad"), max_digits=4, decimal_places=2, default=Decimal("1.00"),
        help_text=_("Applied to program JP abroad, e.g. 1.20 for +20%."),
    )
    max_jp_per_month = models.DecimalField(
        _("maximum JP per month"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    requires_evidence = models.BooleanField(_("requires evidence"), default=False)
    is_confirmed = models.BooleanField(
        _("confirmed in regulation"), default=False,
        help_text=_("Unchecked: from secondary sources, verify against LAN's table."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("learning form")
        verbose_name_plural = _("learning forms")
        ordering = ["category", "order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def jp_rule(self) -> str:
        """The JP rule in words, "5 JP per hari (7 JP per hari di luar negeri)", for the
        pages that show a JP figure of this form. Here, with the form's data, because
        the models are below learning.completion (whose jp_rules returns this)."""
        per_unit = self.jp_per_unit
        if self.jp_unit == JpUnit.PROGRAM or per_unit is None:
            text = gettext("JP as set by the program")
            if self.international_multiplier != 1:
                text += " " + gettext("(× %(m)s abroad)") % {
                    "m": jp_text(self.international_multiplier)}
        else:
            unit = {JpUnit.DAY: gettext("%(jp)s JP a day"),
                    JpUnit.SESSION: gettext("%(jp)s JP a session"),
                    JpUnit.ACTIVITY: gettext("%(jp)s JP an activity")}[self.jp_unit]
            text = unit % {"jp": jp_text(per_unit)}
            if self.international_jp_per_unit is not None:
                text += " " + gettext("(%(jp)s abroad)") % {"jp": unit % {
                    "jp": jp_text(self.international_jp_per_unit)}}
        if self.max_jp_per_month is not None:
            text += ", " + gettext("at most %(max)s JP a month") % {
                "max": jp_text(self.max_jp_per_month)}
        return text
