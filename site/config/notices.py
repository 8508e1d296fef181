"""The "sent once" rows of the notification emails: the claim `notification_send`'s
`once` writes (config.notifications), whose unique key makes a retried task send an
email once. Abstract: each app keeps its own table and says what its key is."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentNotice(models.Model):
    """An email already sent; the subclass adds the fields of its unique key (an
    enrollment and a kind, a reminder's week, …) and the UniqueConstraint over them."""

    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        abstract = True


class KeyedNotice(SentNotice):
    """An email already sent, keyed by one string the sender builds from the event,
    the row's version and the reader (e.g. "plan:12:r3:submitted:user:7")."""

    key = models.CharField(_("key"), max_length=120, unique=True)

    class Meta(SentNotice.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.key
