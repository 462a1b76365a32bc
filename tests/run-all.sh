#!/bin/sh
# Builds Confer and runs every test suite, then the core suite under
# AddressSanitizer and UndefinedBehaviorSanitizer. Exits non-zero on any
# failure. Build directories: _build and _build-asan.
set -e
cd "$(dirname "$0")/.."

[ -d _build ] || meson setup _build --werror
ninja -C _build
meson test -C _build --print-errorlogs

[ -d _build-asan ] || meson setup _build-asan --werror -Db_sanitize=address,undefined -Db_lundef=false
ninja -C _build-asan
meson test -C _build-asan --setup=asan --suite core --print-errorlogs

# The fuzz targets under libFuzzer, AddressSanitizer and UBSan, for a
# bounded time each, when clang is there: the server's message decoder and
# the client's handling of server frames with inputs up to 256 KiB (above
# the 64 KiB pre-hello limit, and room for the 200 KB frame nested 100,000
# deep that once crashed conferd, which their corpora hold), the link
# parser up to 4 KiB (links over 1 KiB are refused), Excalidraw file
# import up to 1 MiB (starting from the shared scenes too, when
# ../shared/data is there). Each starts from its committed corpus (copied:
# libFuzzer adds to the folder it is given) with the JSON dictionary.
if command -v clang-14 >/dev/null 2>&1; then
  [ -d _build-fuzz ] || CC=clang-14 CXX=clang++-14 meson setup _build-fuzz --werror -Dfuzzing=true \
                          -Db_sanitize=address,undefined -Db_lundef=false
  ninja -C _build-fuzz tests/fuzz/fuzz-message tests/fuzz/fuzz-client-frame tests/fuzz/fuzz-link \
    tests/fuzz/fuzz-excalidraw
  for target in message:262144 client-frame:262144 link:4096 excalidraw:1048576; do
    name=${target%%:*}
    corpus=$(mktemp -d)
    cp tests/fuzz/corpus/"$name"/* "$corpus"
    if [ "$name" = excalidraw ] && [ -d ../shared/data/excalidraw ]; then
      cp ../shared/data/excalidraw/*.excalidraw "$corpus"
    fi
    echo "fuzz-$name: ${CONFER_FUZZ_SECONDS:-60} s"
    log=$(mktemp)
    failed=0
    ./_build-fuzz/tests/fuzz/fuzz-"$name" -max_total_time="${CONFER_FUZZ_SECONDS:-60}" \
      -max_len="${target#*:}" -dict=tests/fuzz/json.dict -print_final_stats=1 "$corpus" >"$log" 2>&1 || failed=1
    grep -E '^(INFO: seed corpus|#[0-9]+[[:space:]]+DONE|stat::(number_of_executed_units|peak_rss_mb))' "$log" || true
    rm -rf "$corpus"
    if [ "$failed" = 1 ]; then
      tail -80 "$log"
      echo "fuzz-$name found a failure (its input is in crash-*/leak-* here)"
      exit 1
    fi
    rm -f "$log"
  done
fi
