"""Use cases for review templates: built-ins, browse, import, export, edit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from kvaldesk.domain.errors import NotFoundError, ValidationError
from kvaldesk.domain.model import Template
from kvaldesk.domain.template_codec import template_to_dict
from kvaldesk.exchange.template_file import (
    builtin_template_paths,
    load_template_file,
    peek_key_version,
    validate_template_dict,
    write_template_file,
)
from kvaldesk.storage import audit, templates_repo


def ensure_builtin_templates(db: Database) -> int:
    """Add any built-in template version the database lacks; returns how many were added."""
    added = 0
    with db.atomic():
        for path in builtin_template_paths():
            known = peek_key_version(path)
            if known is not None and templates_repo.find_template(db, *known) is not None:
                continue
            template = load_template_file(path)
            if templates_repo.find_template(db, template.key, template.version) is None:
                stored = templates_repo.insert_template(db, template, origin="builtin")
                audit.record(
                    db,
                    "template_added",
                    "template",
                    stored.id,
                    {"key": stored.key, "version": stored.version, "origin": "builtin"},
                    actor="kvaldesk",
                )
                added += 1
    return added


def list_templates(db: Database, latest_only: bool = False) -> list[Template]:
    """Every stored template version (or only the newest of each key)."""
    return templates_repo.list_templates(db, latest_only=latest_only)


def get_template(db: Database, key: str, version: int | None = None) -> Template:
    """The template with this key (newest version unless one is given)."""
    template = templates_repo.find_template(db, key, version)
    if template is None:
        which = f"{key} version {version}" if version is not None else key
        raise NotFoundError(f"Mallen {which} finns inte. Se 'kvaldesk templates list'.")
    return template


def get_template_by_id(db: Database, template_id: str) -> Template:
    """The template version with this id."""
    return templates_repo.get_template(db, template_id)


def import_template_file(db: Database, path: Path) -> tuple[Template, bool]:
    """Import a template file. Returns the template and whether it was new.

    The same key and version with identical content is already present (nothing changes);
    with different content it is refused.
    """
    template = load_template_file(path)
    with db.atomic():
        existing = templates_repo.find_template(db, template.key, template.version)
        if existing is not None:
            if existing.content_hash == template.content_hash:
                return existing, False
            raise ValidationError(
                f"{path.name}: mallen {template.key} version {template.version} finns redan "
                "med annat innehåll. Ge den importerade mallen ett nytt versionsnummer."
            )
        stored = templates_repo.insert_template(db, template, origin="imported")
        audit.record(
            db,
            "template_added",
            "template",
            stored.id,
            {"key": stored.key, "version": stored.version, "origin": "imported", "file": path.name},
        )
    return stored, True


def export_template_file(
    db: Database, key: str, path: Path, version: int | None = None
) -> Template:
    """Write a template version to a file in the template format."""
    template = get_template(db, key, version)
    write_template_file(template, path)
    return template


def template_is_frozen(db: Database, template: Template) -> bool:
    """Whether reviews use this version, so an edit must create a new version."""
    return bool(template.id) and templates_repo.template_in_use(db, template.id)


def save_template(db: Database, template: Template) -> tuple[Template, bool]:
    """Save an edited template. Returns the stored template and whether a new version was made.

    A version that reviews already use is frozen: the edit becomes the next version. A new
    template (no id) is stored as version 1 of its key, or the next free version.
    """
    validate_template_dict(template_to_dict(template, with_hash=False), template.title)
    with db.atomic():
        if template.id and not templates_repo.template_in_use(db, template.id):
            stored = templates_repo.replace_template_body(db, template)
            audit.record(
                db,
                "template_edited",
                "template",
                stored.id,
                {"key": stored.key, "version": stored.version},
            )
            return stored, False
        version = templates_repo.next_version(db, template.key)
        stored = templates_repo.insert_template(
            db, replace(template, id="", version=version, content_hash=""), origin="edited"
        )
        audit.record(
            db,
            "template_added",
            "template",
            stored.id,
            {"key": stored.key, "version": stored.version, "origin": "edited", "from": template.id},
        )
    return stored, bool(template.id)
