"""docs/package-format.md is enough to write a package: a writer that uses only the standard
library (and ``cryptography`` for the encrypted container), no kvaldesk code, makes packages
that kvaldesk imports cleanly."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
import uuid
import zipfile
from pathlib import Path
from typing import Any

from builders import small_template_dict
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlite_utils import Database

from kvaldesk.services import exchange, results, reviews, rounds


def write_package_by_the_spec(folder: Path, passphrase: str | None = None) -> tuple[Path, dict]:
    """Follow docs/package-format.md, step by step."""
    now = "2026-03-12T09:15:00Z"
    round_id, case_id, review_id = (str(uuid.uuid4()) for _ in range(3))
    template = small_template_dict()  # a template file, as in template-format.md

    def answer(question: str, value: str, applies: bool = True) -> dict[str, Any]:
        return {"question_id": question, "value": value, "number": None, "text": None,
                "comment": "", "applies": applies, "answered_at": now}  # fmt: skip

    data = {
        "templates": [template],
        "rounds": [{
            "id": round_id, "name": "Omgång från annat program", "template_key": "testmall",
            "template_version": 1, "unit": "Utredningsgruppen", "period_start": "2026-01-01",
            "period_end": None, "target_pct": 90, "status": "open", "analysis": "",
            "created_at": now, "updated_at": now,
        }],
        "cases": [{"id": case_id, "round_id": round_id, "reference": "EXT-001",
                   "subgroup": "ny", "unit": "", "created_at": now}],
        "reviews": [{
            "id": review_id, "round_id": round_id, "case_id": case_id, "reviewer": "Extern Ek",
            "status": "complete", "started_at": now, "updated_at": now, "completed_at": now,
            "version_vector": {"spec-writer-1": 3},
            "answers": [answer("Q1", "ja"), answer("Q2", "ej_aktuellt"), answer("Q3", "delvis"),
                        answer("Q5", "nej")],
        }],
        "actions": [{
            "id": str(uuid.uuid4()), "round_id": round_id, "question_id": "Q5",
            "review_id": review_id, "text": "Påminn om kommunicering före beslut.",
            "owner": "Gruppledare", "due_date": "2026-06-30", "status": "planned",
            "created_at": now, "updated_at": now,
        }],
    }  # fmt: skip
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    package_id = str(uuid.uuid4())
    manifest = {
        "format": "kvaldesk-package", "format_version": 1, "min_app_version": "0.1.0",
        "app_version": "spec-writer 1.0", "package_id": package_id,
        "machine_id": "spec-writer-1", "reviewer": "Extern Ek", "created_at": now,
        "members": {"data.json": {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}},
    }  # fmt: skip
    temporary = folder / f".kvaldesk-tmp-spec-{package_id[:8]}.kvdpkg"
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        zf.writestr("data.json", body)
    if passphrase is not None:
        salt, nonce = os.urandom(16), os.urandom(12)
        key = hashlib.scrypt(
            unicodedata.normalize("NFC", passphrase).encode("utf-8"),
            salt=salt, n=2**15, r=8, p=1, dklen=32, maxmem=64 * 2**20,
        )  # fmt: skip
        header = b"KVDENC1\n" + salt + nonce
        temporary.write_bytes(header + AESGCM(key).encrypt(nonce, temporary.read_bytes(), header))
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    final = folder / f"kvaldesk-extern-ek-20260312-1015-{package_id.replace('-', '')[:8]}.kvdpkg"
    os.replace(temporary, final)
    return final, data


def test_a_package_written_from_the_document_imports(db: Database, tmp_path: Path) -> None:
    path, data = write_package_by_the_spec(tmp_path)
    (outcome,) = exchange.import_paths(db, [tmp_path])
    assert outcome.outcome == "imported", outcome.reason
    assert outcome.counts == {
        "templates": 1, "rounds": 1, "cases": 1, "reviews_inserted": 1, "reviews_replaced": 0,
        "reviews_skipped": 0, "conflicts": 0, "actions_inserted": 1, "actions_replaced": 0,
        "actions_skipped": 0,
    }  # fmt: skip
    round_id = data["rounds"][0]["id"]
    review = reviews.get_review(db, data["reviews"][0]["id"])
    assert review.version_vector == {"spec-writer-1": 3} and review.answers["Q3"].value == "delvis"
    computed = results.round_results(db, round_id)
    assert computed.reviews == 1
    assert rounds.get_round(db, round_id).name == "Omgång från annat program"
    assert exchange.import_paths(db, [path])[0].outcome == "already_imported"


def test_an_encrypted_package_written_from_the_document_imports(
    db: Database, tmp_path: Path
) -> None:
    write_package_by_the_spec(tmp_path, passphrase="Lösenfras för spec")
    (refused,) = exchange.import_paths(db, [tmp_path])
    assert refused.outcome == "rejected"
    (outcome,) = exchange.import_paths(db, [tmp_path], passphrase="Lösenfras för spec")
    assert outcome.outcome == "imported", outcome.reason
