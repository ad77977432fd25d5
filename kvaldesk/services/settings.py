"""Use cases for the user's settings (stored in the database)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from kvaldesk.domain.errors import ValidationError
from kvaldesk.domain.validation import clean_text
from kvaldesk.storage import audit
from kvaldesk.storage import settings as store

LANGUAGES = ("sv", "en")
#: The settings-table key of the team passphrase.
TEAM_PASSPHRASE = "team_passphrase"
DEFAULT_MIN_GROUP_SIZE = 5
DEFAULT_KAPPA_THRESHOLD = 0.75
DEFAULT_AGREEMENT_THRESHOLD = 0.95
#: How many automatic backups of the database are kept (docs/backups.md).
DEFAULT_BACKUPS_TO_KEEP = 10
MAX_BACKUPS_TO_KEEP = 100


@dataclass(frozen=True)
class UserSettings:
    """What the Settings view edits."""

    reviewer_name: str = ""
    reviewer_unit: str = ""
    shared_folder: str = ""
    language: str = "sv"
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    #: The team's passphrase for encrypted packages ("" = packages are not encrypted). Stored
    #: in this computer's database; every laptop of the team must have the same one.
    team_passphrase: str = ""
    #: The user's own caseworker code (handläggarkod): a sample leaves out cases whose
    #: ``handläggare`` is this code, so reviewers never review their own cases.
    reviewer_code: str = ""
    #: Agreement between double reviewers: questions with Cohen's κ or observed agreement
    #: (a fraction) under these are flagged (docs/calibration.md).
    kappa_threshold: float = DEFAULT_KAPPA_THRESHOLD
    agreement_threshold: float = DEFAULT_AGREEMENT_THRESHOLD
    #: How many automatic backups of the database to keep (docs/backups.md).
    backups_to_keep: int = DEFAULT_BACKUPS_TO_KEEP


def _fraction(db: Database, key: str, default: float) -> float:
    try:
        value = float(store.get_setting(db, key, str(default)))
    except ValueError:
        return default
    return value if 0.0 <= value <= 1.0 else default


def agreement_thresholds(db: Database) -> tuple[float, float]:
    """The configured (κ threshold, observed-agreement threshold), defaults 0.75 and 0.95."""
    return (
        _fraction(db, store.KAPPA_THRESHOLD, DEFAULT_KAPPA_THRESHOLD),
        _fraction(db, store.AGREEMENT_THRESHOLD, DEFAULT_AGREEMENT_THRESHOLD),
    )


def load_settings(db: Database) -> UserSettings:
    """The stored settings, with defaults for anything not set."""
    try:
        min_size = int(store.get_setting(db, store.MIN_GROUP_SIZE, str(DEFAULT_MIN_GROUP_SIZE)))
    except ValueError:
        min_size = DEFAULT_MIN_GROUP_SIZE
    language = store.get_setting(db, store.LANGUAGE, "sv")
    return UserSettings(
        reviewer_name=store.get_setting(db, store.REVIEWER_NAME),
        reviewer_unit=store.get_setting(db, store.REVIEWER_UNIT),
        shared_folder=store.get_setting(db, store.SHARED_FOLDER),
        language=language if language in LANGUAGES else "sv",
        min_group_size=min_size,
        team_passphrase=store.get_setting(db, TEAM_PASSPHRASE),
        reviewer_code=store.get_setting(db, store.REVIEWER_CODE),
        kappa_threshold=agreement_thresholds(db)[0],
        agreement_threshold=agreement_thresholds(db)[1],
        backups_to_keep=backups_to_keep(db),
    )


def backups_to_keep(db: Database) -> int:
    """How many automatic backups to keep (the default when not set or not valid)."""
    try:
        keep = int(store.get_setting(db, store.BACKUPS_TO_KEEP, str(DEFAULT_BACKUPS_TO_KEEP)))
    except ValueError:
        return DEFAULT_BACKUPS_TO_KEEP
    return keep if 1 <= keep <= MAX_BACKUPS_TO_KEEP else DEFAULT_BACKUPS_TO_KEEP


def _check_backups_to_keep(keep: int) -> None:
    if not 1 <= keep <= MAX_BACKUPS_TO_KEEP:
        raise ValidationError(
            f"Antal säkerhetskopior att spara ska vara mellan 1 och {MAX_BACKUPS_TO_KEEP}."
        )


def save_backups_to_keep(db: Database, keep: int) -> int:
    """Store how many automatic backups to keep (1–100)."""
    _check_backups_to_keep(keep)
    with db.atomic():
        store.set_setting(db, store.BACKUPS_TO_KEEP, str(keep))
        audit.record(db, "settings_saved", "settings", "backups_to_keep", {"keep": keep})
    return keep


def save_settings(db: Database, settings: UserSettings) -> UserSettings:
    """Check and store the settings."""
    name = clean_text(settings.reviewer_name, "Namn", max_length=120)
    unit = clean_text(settings.reviewer_unit, "Enhet", max_length=200)
    folder = clean_text(settings.shared_folder, "Delad mapp", max_length=1000)
    passphrase = settings.team_passphrase
    if len(passphrase) > 1000 or any(ch in passphrase for ch in "\r\n\x00"):
        raise ValidationError("Lösenfrasen får vara högst 1000 tecken på en rad.")
    if settings.language not in LANGUAGES:
        raise ValidationError("Språket måste vara svenska eller engelska.")
    if not 1 <= settings.min_group_size <= 100:
        raise ValidationError("Minsta gruppstorlek ska vara mellan 1 och 100.")
    code = clean_text(settings.reviewer_code, "Handläggarkod", max_length=60)
    if not 0.0 <= settings.kappa_threshold <= 1.0:
        raise ValidationError("Tröskelvärdet för kappa ska vara mellan 0 och 1.")
    if not 0.0 <= settings.agreement_threshold <= 1.0:
        raise ValidationError("Tröskelvärdet för överensstämmelse ska vara mellan 0 och 100 %.")
    _check_backups_to_keep(settings.backups_to_keep)
    with db.atomic():
        store.set_setting(db, store.REVIEWER_NAME, name)
        store.set_setting(db, store.REVIEWER_UNIT, unit)
        store.set_setting(db, store.SHARED_FOLDER, folder)
        store.set_setting(db, store.LANGUAGE, settings.language)
        store.set_setting(db, store.MIN_GROUP_SIZE, str(settings.min_group_size))
        store.set_setting(db, TEAM_PASSPHRASE, passphrase)
        store.set_setting(db, store.REVIEWER_CODE, code)
        store.set_setting(db, store.BACKUPS_TO_KEEP, str(settings.backups_to_keep))
        store.set_setting(db, store.KAPPA_THRESHOLD, repr(float(settings.kappa_threshold)))
        store.set_setting(db, store.AGREEMENT_THRESHOLD, repr(float(settings.agreement_threshold)))
        audit.record(db, "settings_saved", "settings", "user", actor=name)
    return load_settings(db)


def is_first_start(db: Database) -> bool:
    """True until a reviewer name has been stored."""
    return not store.get_setting(db, store.REVIEWER_NAME)
