"""learning: the workshop catalog (Wagtail pages and sessions), learning forms with
their JP rules, enrollment, and completion. Split by concern; re-exported here."""
from learning.models.completion import *  # noqa: F401,F403
from learning.models.enrollment import (  # noqa: F401
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    Enrollment,
    EnrollmentStatus,
    NotificationDue,
    NotificationKind,
    NotificationSent,
    SessionSeats,
)
from learning.models.forms import JpUnit, LearningCategory, LearningForm  # noqa: F401
from learning.models.workshops import (  # noqa: F401
    DeliveryMode,
    WorkshopCompetency,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
