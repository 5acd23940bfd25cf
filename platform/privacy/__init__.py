"""Personal data: which rows of a person each app holds, for the export (GDPR Art. 15/20) and
the deletion of an account (Art. 17), and how long the platform keeps what (retention).

privacy knows no domain app: each app registers its rows in its `AppConfig.ready()` with
`register_personal_data`, and what it keeps for a limited time with `register_retention`.
"""

from privacy.registry import (
    CONTRIBUTION,
    DELETE,
    REASSIGN,
    PersonalData,
    RetentionRule,
    register_personal_data,
    register_retention,
)

__all__ = [
    "CONTRIBUTION",
    "DELETE",
    "REASSIGN",
    "PersonalData",
    "RetentionRule",
    "register_personal_data",
    "register_retention",
]
