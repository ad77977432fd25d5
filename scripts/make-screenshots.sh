#!/usr/bin/env bash
# Renders every view of the window (Swedish and English) into docs/screenshots/ from a fresh
# demo database, with one review in progress for the review view. Needs no display.
# The pictures of two dialogs, sampling.png and consensus.png, are not made here.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
db=$(mktemp -d)/screenshots.db
mkdir -p "$out"
uv run --locked kvaldesk --db "$db" demo --reviews 120 --seed 2026 >/dev/null
uv run --locked python - "$db" <<'PY'
import sys

from kvaldesk.services import reviews, rounds, templates
from kvaldesk.services import settings as user_settings
from kvaldesk.services.workspace import open_workspace

db = open_workspace(sys.argv[1])
user_settings.save_settings(db, user_settings.UserSettings(
    reviewer_name="Åsa Lindqvist", reviewer_unit="Utredningsgruppen Öst"))
first = rounds.list_rounds(db)[0].round
case = rounds.add_case(db, first.id, "ABC-2026-014", "ny", "Utredningsgruppen Öst")
review = reviews.start_review(db, case.id)
template = templates.get_template_by_id(db, first.template_id)
for question in [q for q in template.questions if q.options and q.condition is None][:4]:
    reviews.save_answer(db, review.id, question.id, value=question.options[0].value)
PY
for lang in sv en; do
  if [ "$lang" = sv ]; then suffix=""; else suffix="-en"; fi
  for view in rounds review results templates actions calibration trends settings; do
    # The calibration view's picture is named after what it shows: agreement.
    if [ "$view" = calibration ]; then name=agreement; else name=$view; fi
    QT_QPA_PLATFORM=offscreen uv run --locked kvaldesk --db "$db" gui --lang "$lang" \
      --screenshot "$out/$name$suffix.png" --view "$view" 2>/dev/null
  done
done
echo "screenshots written to $out/"
