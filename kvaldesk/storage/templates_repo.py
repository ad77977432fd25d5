"""Templates: stored as their file-format JSON plus key, version and content hash.

Parsing a template's JSON and recomputing its content hash costs far more than reading it, and
every saved answer reads its template, so parsed templates are kept by id *and* stored body: an
edited draft template has another body and is parsed afresh, so a kept template is never stale.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from kvaldesk.bounded_cache import BoundedCache
from kvaldesk.domain.errors import NotFoundError
from kvaldesk.domain.model import Template
from kvaldesk.domain.template_codec import template_from_dict, template_to_dict
from kvaldesk.storage.database import new_id, now_iso


def insert_template(db: Database, template: Template, origin: str) -> Template:
    """Store a new template version and return it with its id."""
    body = template_to_dict(template)
    template_id = template.id or new_id()
    db.execute(
        "INSERT INTO templates(id, key, version, title, content_hash, body, origin, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            template_id,
            template.key,
            template.version,
            template.title,
            body["content_hash"],
            json.dumps(body, ensure_ascii=False),
            origin,
            now_iso(),
        ],
    )
    return template_from_dict(body, template_id)


#: Parsed templates by id and stored body: an edited draft has another body, so a kept template
#: is never stale (background tasks read templates too; the cache is thread-safe).
_PARSED: BoundedCache[tuple[str, str], Template] = BoundedCache(64)


def _parsed_template(template_id: str, body: str) -> Template:
    """The template stored as ``body`` under ``template_id``, parsed once per body."""
    return _PARSED.get_or_make(
        (template_id, body), lambda: template_from_dict(json.loads(body), template_id)
    )


def _from_row(row: dict[str, object]) -> Template:
    return _parsed_template(str(row["id"]), str(row["body"]))


def get_template(db: Database, template_id: str) -> Template:
    """The template with this id."""
    row = db.execute("SELECT body FROM templates WHERE id = ?", [template_id]).fetchone()
    if row is None:
        raise NotFoundError(f"Mallen {template_id} finns inte.")
    return _parsed_template(template_id, str(row[0]))


def find_template(db: Database, key: str, version: int | None = None) -> Template | None:
    """The template with this key and version (the newest version when none is given)."""
    if version is None:
        sql = "SELECT id, body FROM templates WHERE key = ? ORDER BY version DESC LIMIT 1"
        params: list[object] = [key]
    else:
        sql = "SELECT id, body FROM templates WHERE key = ? AND version = ?"
        params = [key, version]
    rows = list(db.query(sql, params))
    return _from_row(rows[0]) if rows else None


def list_templates(db: Database, latest_only: bool = False) -> list[Template]:
    """All templates ordered by title and version (only each key's newest, if asked)."""
    rows = list(db.query("SELECT id, key, version, body FROM templates ORDER BY title, version"))
    templates = [_from_row(r) for r in rows]
    if latest_only:
        newest: dict[str, Template] = {}
        for t in templates:
            if t.key not in newest or t.version > newest[t.key].version:
                newest[t.key] = t
        templates = [t for t in templates if newest[t.key] is t]
    return templates


def next_version(db: Database, key: str) -> int:
    """One more than the highest stored version of this key."""
    row = db.execute("SELECT MAX(version) FROM templates WHERE key = ?", [key]).fetchone()
    return int(row[0] or 0) + 1


def template_in_use(db: Database, template_id: str) -> bool:
    """Whether any review in any round uses this template version (it is then frozen)."""
    row = db.execute(
        "SELECT 1 FROM reviews r JOIN rounds o ON o.id = r.round_id "
        "WHERE o.template_id = ? LIMIT 1",
        [template_id],
    ).fetchone()
    return row is not None


def replace_template_body(db: Database, template: Template) -> Template:
    """Overwrite an unused template version in place (the caller checks it is unused)."""
    body = template_to_dict(template)
    db.execute(
        "UPDATE templates SET title = ?, content_hash = ?, body = ? WHERE id = ?",
        [template.title, body["content_hash"], json.dumps(body, ensure_ascii=False), template.id],
    )
    return template_from_dict(body, template.id)
