"""competencies: the dictionary, job standards, appraisals and assessments, and the
computed gaps. Split by concern; re-exported here."""
from competencies.models.appraisals import (  # noqa: F401
    IMPORT_FINAL_STATUSES,
    QUADRANT,
    Appraisal,
    AppraisalPeriod,
    AppraisalValueRating,
    Assessment,
    AssessmentSource,
    CoreValue,
    CoreValueCompetency,
    ImportBatch,
    ImportKind,
    ImportStatus,
    ParsedPeriod,
    PeriodKind,
    Predicate,
    Rating,
    SourceWeight,
    period_label,
    period_label_for,
    period_parse,
    predicate_from_quadrant,
)
from competencies.models.dictionary import *  # noqa: F401,F403
from competencies.models.gaps import *  # noqa: F401,F403
from competencies.models.standards import (  # noqa: F401
    DEFAULTED_TYPES,
    JobStandard,
    JobStandardDefault,
)
