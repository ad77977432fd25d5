#!/usr/bin/env bash
# Smoke test of the standalone application: builds it (make dist), copies dist/kvaldesk to a
# temporary folder (so nothing from the source tree or its environment can be used) and checks
# with the BUILT program: --version, templates list, a new database, demo, results --json,
# report --pdf, templates import (schemas), export to a shared folder and import into a second
# database, and window screenshots offscreen in Swedish and English.
#
#   bash build/smoke_test.sh              build, then test
#   bash build/smoke_test.sh --no-build   test the existing dist/kvaldesk (make smoke does this
#                                         after rebuilding when a source changed)
#   bash build/smoke_test.sh --dist DIR   test the one-folder application in DIR (no build)
#
# Needs bash, python3 (only to read JSON and PNG headers) and poppler-utils (pdfinfo,
# pdftotext, pdffonts), which scripts/system-deps.sh installs. Exits non-zero at the first
# failing check and prints what the program wrote.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
build=1
dist="$ROOT/dist/kvaldesk"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --dist) dist="$2"; build=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "smoke: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  make -C "$ROOT" dist
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/kvaldesk-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
passed=0

fail() {
  echo "smoke: FAIL: $*" >&2
  for stream in out err; do
    if [ -s "$work/$stream" ]; then
      echo "--- program std$stream:" >&2
      head -c 4000 "$work/$stream" | sed 's/^/    /' >&2
    fi
  done
  exit 1
}
ok() { passed=$((passed + 1)); echo "smoke: ok   $*"; }

# --- the bundle, copied out of the source tree -------------------------------------------------
[ -d "$dist" ] || fail "$dist does not exist (run make dist)"
cp -R "$dist" "$work/app"
app="$work/app"
if [ -f "$app/kvaldesk-cli.exe" ]; then  # Windows: windowed kvaldesk.exe + console companion
  cli="$app/kvaldesk-cli.exe"; gui="$app/kvaldesk.exe"
elif [ -f "$app/kvaldesk.exe" ]; then
  cli="$app/kvaldesk.exe"; gui="$cli"
else
  cli="$app/kvaldesk"; gui="$cli"
fi
[ -x "$cli" ] || fail "no program in $dist"

resources=""
for candidate in "$app/_internal/resources" "$app/resources"; do
  [ -d "$candidate" ] && resources="$candidate" && break
done
[ -n "$resources" ] || fail "no resources/ folder in the bundle"
for folder in "$ROOT"/resources/*/; do
  name="$(basename "$folder")"
  [ -d "$resources/$name" ] || fail "resources/$name is missing from the bundle"
done
for file in templates/barnavardsutredning.json schemas/template-v1.schema.json \
            fonts/NotoSans-Regular.ttf translations/en/LC_MESSAGES/kvaldesk.po icons/kvaldesk.svg; do
  [ -s "$resources/$file" ] || fail "resources/$file is missing from the bundle"
done
ok "bundle: $(du -sh "$app" | cut -f1), every folder of resources/ inside"

# The program runs in a clean environment: no virtualenv, its own data and settings folders.
cd "$work"
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV KVALDESK_DB
export KVALDESK_DATA_DIR="$work/data" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
mkdir -p "$HOME"
# A program that waits (a modal message box offscreen, a lock) fails the test instead of hanging.
limit=()
if command -v timeout >/dev/null 2>&1; then limit=(timeout 300); fi

# run NAME ARGS...: the CLI, stdout to $work/out, stderr to $work/err; fails on a non-zero exit.
run() {
  local name="$1"; shift
  ${limit[@]+"${limit[@]}"} "$cli" "$@" >"$work/out" 2>"$work/err" || fail "$name: exit code $? from kvaldesk $*"
}
json() {  # json EXPRESSION: evaluates a Python expression over `data` (the JSON on stdout)
  python3 -c "import json, sys; data = json.load(open(sys.argv[1], encoding='utf-8')); print($1)" \
    "$work/out"
}

# --- CLI ---------------------------------------------------------------------------------------
run "--version" --version
expected_version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -1)"
grep -qx "kvaldesk $expected_version" "$work/out" || fail "--version: expected kvaldesk $expected_version"
ok "--version: $(cat "$work/out")"

run "templates list" templates list
templates="$(grep -c . "$work/out" || true)"
shipped="$(find "$ROOT/resources/templates" -name '*.json' | wc -l)"
[ "$templates" -eq "$shipped" ] || fail "templates list: $templates templates, $shipped shipped"
grep -q "^barnavardsutredning " "$work/out" || fail "templates list: barnavardsutredning missing"
[ -f "$work/data/kvaldesk.db" ] || fail "templates list: no database in KVALDESK_DATA_DIR"
ok "templates list: $templates built-in templates; default database in the data folder"

run "demo" --db a.db demo
grep -q "^demo: [1-9][0-9]* rounds" "$work/out" || fail "demo: unexpected output"
ok "$(cat "$work/out") in a new database"

run "rounds list" --db a.db rounds list --json
round="$(json "data[0]['id']")"
rounds_a="$(json "len(data)")"

run "results" --db a.db results "$round" --json
shares="$(json "sum(q['share'] is not None for q in data['questions'])")"
[ "$shares" -gt 0 ] || fail "results: no question has a share"
json "0 <= data['overall']['share'] <= 1 and data['reviews'] > 0" | grep -qx True \
  || fail "results: overall share or reviews missing"
ok "results --json: $shares questions with a share, overall $(json "round(data['overall']['share'], 3)")"

run "report --pdf" --db a.db report "$round" --pdf report.pdf
[ "$(head -c 5 report.pdf)" = "%PDF-" ] || fail "report --pdf: report.pdf is not a PDF"
pdfinfo report.pdf >"$work/out" 2>"$work/err" || fail "report --pdf: pdfinfo cannot read it"
pages="$(sed -n 's/^Pages: *//p' "$work/out")"
pdftotext -enc UTF-8 report.pdf "$work/out" 2>"$work/err" || fail "report --pdf: pdftotext failed"
grep -q "Kollegial granskning" "$work/out" || fail "report --pdf: title missing"
grep -q "åtgärder" "$work/out" || fail "report --pdf: Swedish text (åtgärder) missing"
pdffonts report.pdf >"$work/out" 2>"$work/err" || fail "report --pdf: pdffonts failed"
grep -q "NotoSans" "$work/out" || fail "report --pdf: the bundled Noto Sans font is not embedded"
ok "report --pdf: $pages pages, Swedish text, Noto Sans from resources/fonts"

run "templates export" --db a.db templates export barnavardsutredning mall.json
python3 - mall.json <<'EOF'
import json, sys
template = json.load(open(sys.argv[1], encoding="utf-8"))
template["key"] = "trasig-mall"
template["questions"][0]["criterion"] = "XX"
json.dump(template, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
EOF
set +e
${limit[@]+"${limit[@]}"} "$cli" --db a.db templates import mall.json >"$work/out" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "templates import: a template breaking the schema gave exit code $code"
# The allowed criteria are listed by resources/schemas/template-v1.schema.json.
grep -q "XX.*SI, HS, TS, KB, TG, EF" "$work/err" || fail "templates import: no schema message"
ok "templates import: a template breaking resources/schemas refused with exit code 1"

mkdir shared
run "export" --db a.db export --to shared
packages="$(find shared -name '*.kvdpkg' | wc -l)"
[ "$packages" -eq 1 ] || fail "export: $packages packages in the shared folder"
ok "export: $(basename "$(find shared -name '*.kvdpkg')")"

run "import" --db b.db import --json shared
[ "$(json "data[0]['outcome']")" = imported ] || fail "import: outcome is not imported"
inserted="$(json "data[0]['counts']['reviews_inserted']")"
[ "$inserted" -gt 0 ] || fail "import: no reviews inserted"
run "rounds list (b)" --db b.db rounds list --json
[ "$(json "len(data)")" -eq "$rounds_a" ] || fail "import: rounds differ between the databases"
run "check" --db b.db check
ok "import into a second database: imported, $inserted reviews, $rounds_a rounds; check passes"

# --- the window (offscreen) --------------------------------------------------------------------
# screenshot FILE ARGS...: gui --screenshot, then checks the PNG's signature and size.
screenshot() {
  local file="$1"; shift
  QT_QPA_PLATFORM=offscreen ${limit[@]+"${limit[@]}"} "$gui" --db a.db gui --screenshot "$file" "$@" \
    >"$work/out" 2>"$work/err" || fail "gui --screenshot $*: exit code $?"
  [ -f "$file" ] || fail "gui --screenshot $*: no $file"
  python3 - "$file" <<'EOF' || fail "gui --screenshot $*: not a plausible 1280x820 PNG"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1280, 820), (width, height)
assert len(data) > 20_000, len(data)  # an empty grey window is a few kB
EOF
}
screenshot gui-sv.png --view rounds
ok "gui --screenshot: gui-sv.png, $(wc -c <gui-sv.png) bytes"
screenshot gui-sv-actions.png --view actions
screenshot gui-en-actions.png --view actions --lang en
cmp -s gui-sv-actions.png gui-en-actions.png \
  && fail "gui --lang en: the English window looks exactly like the Swedish one (catalogue not found?)"
ok "gui --lang en --screenshot: English catalogue from resources/translations applied"

if [ -n "${KVALDESK_SMOKE_KEEP:-}" ]; then
  mkdir -p "$KVALDESK_SMOKE_KEEP"
  cp gui-*.png report.pdf "$KVALDESK_SMOKE_KEEP/"
fi
echo "smoke: all $passed checks passed ($cli)"
