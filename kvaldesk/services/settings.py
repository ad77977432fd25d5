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
    )


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
    with db.atomic():
        store.set_setting(db, store.REVIEWER_NAME, name)
        store.set_setting(db, store.REVIEWER_UNIT, unit)
        store.set_setting(db, store.SHARED_FOLDER, folder)
        store.set_setting(db, store.LANGUAGE, settings.language)
        store.set_setting(db, store.MIN_GROUP_SIZE, str(settings.min_group_size))
        store.set_setting(db, TEAM_PASSPHRASE, passphrase)
        audit.record(db, "settings_saved", "settings", "user", actor=name)
    return load_settings(db)


def is_first_start(db: Database) -> bool:
    """True until a reviewer name has been stored."""
    return not store.get_setting(db, store.REVIEWER_NAME)
