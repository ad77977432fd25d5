#!/usr/bin/env bash
# Brings the translation catalogues up to date with the Swedish texts in ui/ (docs/translations.md).
#
#   scripts/update-translations.sh          update the English catalogue
#   scripts/update-translations.sh en de    update (or create) these languages' catalogues
#
# 1. pybabel extract: every _("…") in ui/**.py (babel.cfg) -> resources/translations/kvaldesk.pot,
#    plus the msgids in resources/translations/runtime-msgids.txt (texts passed to _() as variables).
#    The template is sorted, unwrapped and has no file:line locations, so moving code between files
#    changes nothing; it is only rewritten when a msgid was added or removed.
# 2. pybabel update (pybabel init the first time) -> resources/translations/<lang>/LC_MESSAGES/kvaldesk.po.
#    New texts arrive untranslated (or fuzzy, with a guess from a similar text); texts no longer in
#    ui/ are dropped. Then translate them and run: uv run pytest tests/ui/test_translations.py -q
set -euo pipefail
cd "$(dirname "$0")/.."

DOMAIN=kvaldesk
FOLDER=resources/translations
POT="$FOLDER/$DOMAIN.pot"
RUNTIME="$FOLDER/runtime-msgids.txt"
if [ $# -gt 0 ]; then languages=("$@"); else languages=(en); fi
UV="${UV:-uv}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$UV" run --quiet pybabel --quiet extract \
  --mapping-file babel.cfg \
  --no-default-keywords --keyword _ \
  --no-location --sort-output --no-wrap \
  --project kvaldesk \
  --header-comment "# Swedish source texts of kvaldesk's window (ui/). Made by scripts/update-translations.sh: do not edit." \
  --output-file "$work/extracted.pot" \
  ui

"$UV" run --quiet python - "$work/extracted.pot" "$RUNTIME" "$work/$DOMAIN.pot" <<'PY'
"""Add the run-time msgids to the extracted template and write it sorted and unwrapped."""
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

extracted, runtime, output = sys.argv[1:4]
with open(extracted, "rb") as handle:
    catalog = read_po(handle)
for line in Path(runtime).read_text(encoding="utf-8").splitlines():
    text = line.strip()
    if not text or text.startswith("#"):
        continue
    if text not in catalog:
        catalog.add(text, auto_comments=["Used at run time, listed in runtime-msgids.txt."])
with open(output, "wb") as handle:
    write_po(handle, catalog, width=0, no_location=True, sort_output=True)
PY

# Keep the old template when only its creation date would change (no noise in the diff).
same() { diff -q <(grep -v '^"POT-Creation-Date: ' "$1") <(grep -v '^"POT-Creation-Date: ' "$2") >/dev/null; }
if [ -f "$POT" ] && same "$POT" "$work/$DOMAIN.pot"; then
  echo "$POT: unchanged"
else
  cp "$work/$DOMAIN.pot" "$POT"
  echo "$POT: updated"
fi

for lang in "${languages[@]}"; do
  po="$FOLDER/$lang/LC_MESSAGES/$DOMAIN.po"
  if [ -f "$po" ]; then
    cp "$po" "$work/before.po"
    "$UV" run --quiet pybabel --quiet update --domain "$DOMAIN" --input-file "$POT" \
      --output-dir "$FOLDER" --locale "$lang" --no-wrap --ignore-obsolete --ignore-pot-creation-date
    if cmp -s "$po" "$work/before.po"; then echo "$po: unchanged"; else echo "$po: updated"; fi
  else
    "$UV" run --quiet pybabel --quiet init --domain "$DOMAIN" --input-file "$POT" \
      --output-dir "$FOLDER" --locale "$lang" --no-wrap
    echo "$po: created"
  fi
  "$UV" run --quiet python - "$po" <<'PY'
"""Say how many entries still need a translator."""
import sys

from babel.messages.pofile import read_po

with open(sys.argv[1], "rb") as handle:
    catalog = read_po(handle)
entries = [m for m in catalog if m.id]
todo = [m for m in entries if m.fuzzy or not m.string]
print(f"{sys.argv[1]}: {len(entries)} entries, {len(todo)} untranslated or fuzzy")
for message in todo:
    print(f"  {'fuzzy' if message.fuzzy else 'new'}: {message.id!r}")
PY
done
