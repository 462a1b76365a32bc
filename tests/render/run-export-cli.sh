#!/bin/sh
# confer-cli board export --format png|svg|pdf against a real conferd: a
# shared Excalidraw scene (with an image) imported, then exported at 1×
# and 2×, transparent, as SVG and PDF, and as Excalidraw (still the
# default).
# Usage: run-export-cli.sh CONFERD CONFER_CLI EXCALIDRAW_DIR
# Exits 77 (skipped) when ../shared/data is not beside the checkout.
set -u
conferd="$1"; cli="$2"; scenes="$3"
dir=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export XDG_STATE_HOME="$dir/state"
[ -f "$scenes/vscode-test.excalidraw" ] || { echo "missing $scenes (../shared/data is not beside the checkout)"; exit 77; }

# A PNG's width and height, from its IHDR chunk.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }

"$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --insecure --new-session Export > "$dir/conferd.out" 2>&1 &
server=$!
for _ in $(seq 200); do grep -q '^confer://' "$dir/conferd.out" 2>/dev/null && break; sleep 0.05; done
link=$(grep '^confer://' "$dir/conferd.out")
[ -n "$link" ] || { cat "$dir/conferd.out"; fail "conferd printed no link"; }

"$cli" board import "$link" "$scenes/vscode-test.excalidraw" --title Rocket > "$dir/import.out" 2>&1 ||
  { cat "$dir/import.out"; fail "import"; }

# A bad format or scale is refused before anything connects.
"$cli" board export ws://nowhere Rocket --format gif -o "$dir/x" 2> "$dir/err" && fail "gif was accepted"
grep -q "unknown format" "$dir/err" || { cat "$dir/err"; fail "the refusal of gif does not say why"; }
"$cli" board export ws://nowhere Rocket --format png --scale 0 -o "$dir/x" 2> "$dir/err" && fail "scale 0 was accepted"

"$cli" board export "$link" Rocket --format png -o "$dir/one.png" || fail "png export"
"$cli" board export "$link" Rocket --format png --scale 2 -o "$dir/two.png" || fail "2× png export"
"$cli" board export "$link" Rocket --format png --transparent > "$dir/clear.png" || fail "transparent png to standard output"
head -c 8 "$dir/one.png" | od -An -c | grep -q 'P   N   G' || fail "not a PNG"
set -- $(png_size "$dir/one.png"); w1=$1; h1=$2
set -- $(png_size "$dir/two.png"); w2=$1; h2=$2
echo "1x: ${w1}x${h1}, 2x: ${w2}x${h2}"
[ "$w1" -gt 100 ] && [ "$h1" -gt 100 ] || fail "the 1× image is ${w1}x${h1}"
[ $((w2 - 2 * w1)) -ge -1 ] && [ $((w2 - 2 * w1)) -le 1 ] || fail "2× is not twice as wide: $w1, $w2"
[ $((h2 - 2 * h1)) -ge -1 ] && [ $((h2 - 2 * h1)) -le 1 ] || fail "2× is not twice as high: $h1, $h2"
cmp -s "$dir/one.png" "$dir/clear.png" && fail "--transparent changed nothing"

"$cli" board export "$link" Rocket --format svg -o "$dir/board.svg" || fail "svg export"
if command -v xmllint > /dev/null; then xmllint --noout "$dir/board.svg" || fail "the SVG is not well-formed"; fi
grep -q "VS Code Excalidraw" "$dir/board.svg" || fail "the SVG lacks the board's text"

"$cli" board export "$link" Rocket --format pdf -o "$dir/board.pdf" || fail "pdf export"
head -c 5 "$dir/board.pdf" | grep -q '%PDF-' || fail "not a PDF"
if command -v pdfinfo > /dev/null; then
  pdfinfo "$dir/board.pdf" > "$dir/pdfinfo" || fail "pdfinfo"
  grep -Eq '^Pages: +1$' "$dir/pdfinfo" || { cat "$dir/pdfinfo"; fail "not one page"; }
  grep -Eq "^Page size: +$w1 x $h1 pts" "$dir/pdfinfo" || { cat "$dir/pdfinfo"; fail "the page is not ${w1}x${h1}"; }
fi

# Excalidraw stays the default; --json stays.
"$cli" board export "$link" Rocket -o "$dir/board.excalidraw" || fail "excalidraw export"
grep -q '"type":"excalidraw"' "$dir/board.excalidraw" || fail "the default export is not an Excalidraw file"
"$cli" board export "$link" Rocket --format excalidraw | grep -q '"type":"excalidraw"' || fail "--format excalidraw"
"$cli" board export "$link" Rocket --json | grep -q '"isDeleted"' || fail "--json"
echo "ok"
