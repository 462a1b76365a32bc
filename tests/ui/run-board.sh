#!/bin/sh
# The board canvas end to end, as its users drive it, under Xvfb with the
# real accessibility bus (run by run-with-atspi.sh): Ann hosts a session,
# makes a board and draws a rectangle, an ellipse, an arrow from one to
# the other and a pen stroke with the mouse; the board read back with
# confer-cli has them where she dragged (± 2 px at 100 %) and the arrow
# bound to both. She moves the rectangle and the arrow follows. Bob joins
# with a second Confer and sees the board, and Ann's stroke while she is
# still drawing it. Bob draws a rectangle; Ann's Ctrl+Z takes back only
# her own last stroke. Screenshots of every tool, light (Ann) and dark
# (Bob), go to the log directory.
# Usage: run-board.sh CONFER CONFER_CLI LOG_DIR
set -u
app="$1"; cli="$2"; logdir="$3"
test_name=board
. "$(dirname "$0")/app-driver.sh"

# board_json: the board as the server has it, live elements only.
board_json() { "$cli" board export "$link" "Board 1" -o "$dir/board.excalidraw" && cat "$dir/board.excalidraw"; }
# check JS: runs a check on the board's elements (`els`, and `one(type)`,
# `all(type)`, `near(a, b)`); its message is the failure.
check() {
  board_json > "$dir/now.json" || fail "export the board"
  node -e '
    const els = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).elements.filter(e => !e.isDeleted);
    const all = t => els.filter(e => e.type === t);
    const one = t => { const l = all(t); if (l.length !== 1) throw new Error(`${l.length} ${t} elements`); return l[0]; };
    const near = (a, b) => Math.abs(a - b) <= 2;
    const result = (function () { '"$1"' })();
    if (result !== true) { console.error(result); process.exit(1); }' "$dir/now.json"
}
drag() { # X0 Y0 X1 Y1 (window px of the window $win)
  xdotool mousemove --window "$win" "$1" "$2" mousedown 1
  xdotool mousemove --window "$win" $(( ($1 + $3) / 2 )) $(( ($2 + $4) / 2 ))
  xdotool mousemove --window "$win" "$3" "$4"
  sleep 0.1
  xdotool mouseup 1
  sleep 0.3
}
dark_pixels() { # FILE: how many pixels darker than mid grey
  convert "$1" -colorspace Gray -threshold 50% -format '%[fx:int(w*h*(1-mean))]' info:
}

export ADW_DEBUG_COLOR_SCHEME=prefer-light
host_as ann "Ann"
win=$ann_win
link=$host_loopback
xdotool windowsize --sync "$win" 1260 880
xdotool windowmove --sync "$win" 0 0
xdotool windowfocus --sync "$win"
keys ctrl+alt+n
wait_for "the board at the server" sh -c "'$cli' board export '$link' 'Board 1' -o '$dir/empty.excalidraw'"
sleep 1

# Rectangle, ellipse, an arrow from inside one to inside the other, ink.
keys r; drag 700 300 850 420
keys o; drag 1000 300 1150 420
keys a; drag 840 360 1010 360
keys p
xdotool mousemove --window "$win" 700 550 mousedown 1
for i in $(seq 1 30); do xdotool mousemove --window "$win" $((700 + i * 10)) $((550 + (i % 6) * 5)); sleep 0.02; done
xdotool mouseup 1
sleep 1
import -window root "$logdir/board-drawn.png"
check '
  const r = one("rectangle"), e = one("ellipse"), a = one("arrow"), f = one("freedraw");
  if (!near(r.width, 150) || !near(r.height, 120)) return `rectangle ${r.width}×${r.height}, not 150×120`;
  if (!near(e.width, 150) || !near(e.height, 120)) return `ellipse ${e.width}×${e.height}, not 150×120`;
  if (!near(e.x - r.x, 300) || !near(e.y - r.y, 0)) return `ellipse at ${e.x - r.x}, ${e.y - r.y} from the rectangle, not 300, 0`;
  if (!near(f.x - r.x, 0) || !near(f.y - r.y, 250)) return `stroke at ${f.x - r.x}, ${f.y - r.y} from the rectangle, not 0, 250`;
  if (f.points.length < 10) return `stroke of ${f.points.length} points`;
  if (!a.startBinding || a.startBinding.elementId !== r.id) return "the arrow does not start bound to the rectangle";
  if (!a.endBinding || a.endBinding.elementId !== e.id) return "the arrow does not end bound to the ellipse";
  if (!(r.boundElements || []).some(b => b.id === a.id) || !(e.boundElements || []).some(b => b.id === a.id)) return "the shapes do not list the arrow";
  return true;' || fail "what Ann drew"
echo "ok: rectangle, ellipse, bound arrow and stroke where they were dragged"
board_json > "$dir/before-move.json"

# Ann moves the rectangle up 50 px by its top edge; the arrow follows.
keys v; drag 775 300 775 250
check '
  const before = JSON.parse(require("fs").readFileSync(process.argv[1].replace("now", "before-move"), "utf8")).elements;
  const r = one("rectangle"), a = one("arrow"), r0 = before.find(x => x.id === r.id), a0 = before.find(x => x.id === a.id);
  if (!near(r.y - r0.y, -50) || !near(r.x, r0.x)) return `the rectangle moved by ${r.x - r0.x}, ${r.y - r0.y}, not 0, -50`;
  const sx = a.x + a.points[0][0], sy = a.y + a.points[0][1];
  if (sx < r.x - 10 || sx > r.x + r.width + 10 || sy < r.y - 10 || sy > r.y + r.height + 10) return `the arrow starts at ${sx}, ${sy}, off the rectangle`;
  if (a.startBinding?.elementId !== r.id) return "the arrow came unbound";
  if (near(a.y + a.points[0][1], a0.y + a0.points[0][1]) && near(a.x, a0.x) && a.points[1][1] === a0.points[1][1]) return "the arrow did not follow";
  return true;' || fail "moving the rectangle"
echo "ok: the arrow follows the moved rectangle"

# Every tool, with its properties, light.
for key in h v r d o a l p t s e f k; do
  keys Escape "$key"
  sleep 0.3
  import -window root "$logdir/board-tool-$key-light.png"
done
keys Escape v
xdotool mousemove --window "$win" 775 250 click 1
sleep 0.3
import -window root "$logdir/board-selection-light.png"
keys Escape Escape

# Bob joins with a second Confer, dark, and opens the board.
export ADW_DEBUG_COLOR_SCHEME=prefer-dark
start_app bob "$link"
wait_for "Bob's window" has_window "$bob_pid"
bob_win=$(window_of "$bob_pid")
sleep 1.5
typed "Bob"; keys Return
sleep 2
keys Return
sleep 2
xdotool windowsize --sync "$bob_win" 1260 880
xdotool windowmove --sync "$bob_win" 1280 0
xdotool windowfocus --sync "$bob_win"
sleep 0.5
xdotool mousemove --window "$bob_win" 120 225 click 1
sleep 2
import -window "$bob_win" "$dir/bob-board.png"
cp "$dir/bob-board.png" "$logdir/board-bob-dark.png"
convert "$dir/bob-board.png" -crop 600x500+560+180 +repage "$dir/bob-canvas.png"
[ "$(dark_pixels "$dir/bob-canvas.png")" -gt 300 ] || fail "Bob's canvas does not show the board"
echo "ok: Bob's Confer shows the board"

# Ann draws a loop back to where she pressed and holds the button: Bob
# sees the stroke before she lets go (her pointer is back where it was).
xdotool windowfocus --sync "$ann_win"
keys p
xdotool mousemove --window "$ann_win" 900 620
sleep 1
import -window "$bob_win" "$dir/bob-before.png"
xdotool mousedown 1
for i in $(seq 0 24); do
  xdotool mousemove --window "$ann_win" $((900 + i * 8)) $((620 + (i % 5) * 4)); sleep 0.02
done
for i in $(seq 24 -1 0); do
  xdotool mousemove --window "$ann_win" $((900 + i * 8)) $((640 + (i % 5) * 4)); sleep 0.02
done
xdotool mousemove --window "$ann_win" 900 620
sleep 1
import -window "$bob_win" "$dir/bob-during.png"
changed=$(compare -metric AE "$dir/bob-before.png" "$dir/bob-during.png" null: 2>&1 || true)
check 'return all("freedraw").length === 1 ? true : `${all("freedraw").length} strokes before Ann let go`' || fail "the stroke was added before it was finished"
[ "${changed%%.*}" -gt 100 ] || fail "Bob does not see Ann's stroke in progress ($changed pixels changed)"
cp "$dir/bob-during.png" "$logdir/board-stroke-in-progress.png"
xdotool mouseup 1
wait_for "Ann's second stroke at the server" check 'return all("freedraw").length === 2 ? true : "not yet"'
echo "ok: Bob saw Ann's stroke while she drew it ($changed pixels)"

# Bob draws a rectangle; Ann's undo takes back her stroke, not his work.
xdotool windowfocus --sync "$bob_win"
win=$bob_win
keys r; drag 700 650 800 720
wait_for "Bob's rectangle at the server" check 'return all("rectangle").length === 2 ? true : "not yet"'
xdotool windowfocus --sync "$ann_win"
xdotool mousemove --window "$ann_win" 1200 820
keys ctrl+z
wait_for "Ann's undo at the server" check 'return all("freedraw").length === 1 ? true : "not yet"'
check 'return all("rectangle").length === 2 && all("ellipse").length === 1 && all("arrow").length === 1 ? true : "undo took more than Ann'"'"'s stroke"' \
  || fail "Ann's undo"
echo "ok: Ann's undo removed only her own stroke"

# Ann copies everything: other apps get a PNG and an SVG; pasted into a
# new board, it is all there again, with new ids.
xdotool windowfocus --sync "$ann_win"
keys Escape v ctrl+a ctrl+c
sleep 1
xclip -o -selection clipboard -t image/png > "$dir/copied.png" 2>/dev/null
file "$dir/copied.png" | grep -q "PNG image data" || fail "the copy has no PNG"
xclip -o -selection clipboard -t image/svg+xml 2>/dev/null | grep -q "<svg" || fail "the copy has no SVG"
keys ctrl+alt+n
wait_for "Board 2 at the server" sh -c "'$cli' board export '$link' 'Board 2' -o '$dir/b2.excalidraw'"
sleep 1
xdotool mousemove --window "$ann_win" 900 450
keys ctrl+v
board_json() { "$cli" board export "$link" "Board 2" -o "$dir/board.excalidraw" && cat "$dir/board.excalidraw"; }
wait_for "the paste at the server" check 'return all("rectangle").length === 2 && all("ellipse").length === 1 && all("arrow").length === 1 && all("freedraw").length === 1 ? true : "not yet"'
check 'const a = one("arrow"), e = one("ellipse"); return a.endBinding?.elementId === e.id ? true : "the pasted arrow is not bound to the pasted ellipse"' \
  || fail "pasting"
echo "ok: copied as PNG and SVG for other apps, pasted into another board whole"

# A picture another app copied pastes as an image, uploaded as a blob.
xclip -selection clipboard -t image/png -i "$dir/copied.png"
sleep 0.5
xdotool mousemove --window "$ann_win" 1000 300
keys ctrl+v
wait_for "the pasted image at the server" check 'return all("image").length === 1 ? true : "not yet"'
"$cli" board export "$link" "Board 2" --format png -o "$dir/board2.png" || fail "export Board 2 with its image"
echo "ok: a picture from another app pasted as an image"

# Text and a sticky note written in place; the eraser takes a stroke
# whole; the laser leaves nothing behind.
win=$ann_win
xdotool windowfocus --sync "$ann_win"
keys Escape t
xdotool mousemove --window "$ann_win" 700 700 click 1
sleep 0.5
typed "Hello board"
keys Escape
wait_for "the text at the server" check 'return all("text").some(t => t.text === "Hello board") ? true : "not yet"'
keys s
xdotool mousemove --window "$ann_win" 1100 650 click 1
sleep 0.5
typed "Sticky"
keys Escape
# (In an Excalidraw file a sticky note travels as a rectangle and its text.)
wait_for "the sticky note at the server" check 'return all("text").some(t => t.text === "Sticky" && t.containerId) ? true : "not yet"'
import -window root "$logdir/board-text-and-note.png"
keys Escape p
xdotool mousemove --window "$ann_win" 700 600 mousedown 1
for i in $(seq 1 20); do xdotool mousemove --window "$ann_win" $((700 + i * 10)) 600; sleep 0.02; done
xdotool mouseup 1
wait_for "the new stroke at the server" check 'return all("freedraw").length === 2 ? true : "not yet"'
keys e
drag 800 560 800 640
wait_for "the erased stroke gone" check 'return all("freedraw").length === 1 ? true : "not yet"'
keys Escape k
drag 800 200 1000 250
check 'return all("freedraw").length === 1 ? true : "the laser changed the board"' || fail "the laser"
echo "ok: text and a sticky note written in place; the eraser takes a stroke whole; the laser leaves nothing"

# Every tool, dark.
for key in r p t s; do
  xdotool windowfocus --sync "$bob_win"
  keys Escape "$key"
  sleep 0.3
  import -window "$bob_win" "$logdir/board-tool-$key-dark.png"
done
no_criticals
echo "ok: the board canvas end to end"
