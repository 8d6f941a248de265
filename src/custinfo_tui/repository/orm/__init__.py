"""The typed SQLAlchemy models. The Alembic migrations must produce exactly this schema.

One module per area, all on one declarative `Base`; importing this package defines every
table, so `Base.metadata` is the whole schema.
"""

from __future__ import annotations

from custinfo_tui.repository.orm.audit import (
    AuditChainHead,
    AuditEventRow,
    AuditSealRow,
)
from custinfo_tui.repository.orm.base import NAMING_CONVENTION, Base
from custinfo_tui.repository.orm.calls import (
    Complaint,
    ComplaintStageChange,
    DiscrepancyReportRow,
    Interaction,
    QueueItemRow,
    VerificationLock,
)
from custinfo_tui.repository.orm.data_protection import (
    BreachCustomer,
    BreachRow,
    DisclosureRow,
    LegalHoldRow,
    ProcessingRestrictionRow,
    SubjectAccessRequestRow,
)
from custinfo_tui.repository.orm.legacy_import import (
    LegacyImportCustomer,
    LegacyImportRow,
)
from custinfo_tui.repository.orm.people import (
    Address,
    Consent,
    ContactPoint,
    Customer,
    FieldChange,
    NameIndexKey,
    Operator,
    Representative,
)
from custinfo_tui.repository.orm.training import (
    SANDBOX_MARKER_ID,
    TrainingNoteRow,
    TrainingRun,
    TrainingSandbox,
    TrainingSandboxCustomer,
)

__all__ = [
    "NAMING_CONVENTION",
    "SANDBOX_MARKER_ID",
    "Address",
    "AuditChainHead",
    "AuditEventRow",
    "AuditSealRow",
    "Base",
    "BreachCustomer",
    "BreachRow",
    "Complaint",
    "ComplaintStageChange",
    "Consent",
    "ContactPoint",
    "Customer",
    "DisclosureRow",
    "DiscrepancyReportRow",
    "FieldChange",
    "Interaction",
    "LegacyImportCustomer",
    "LegacyImportRow",
    "LegalHoldRow",
    "NameIndexKey",
    "Operator",
    "ProcessingRestrictionRow",
    "QueueItemRow",
    "Representative",
    "SubjectAccessRequestRow",
    "TrainingNoteRow",
    "TrainingRun",
    "TrainingSandbox",
    "TrainingSandboxCustomer",
    "VerificationLock",
]
