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

# The message decoder under libFuzzer for a bounded time, when clang is there.
if command -v clang-14 >/dev/null 2>&1; then
  [ -d _build-fuzz ] || CC=clang-14 meson setup _build-fuzz --werror -Dfuzzing=true \
                          -Db_sanitize=address,undefined -Db_lundef=false
  ninja -C _build-fuzz tests/fuzz/fuzz-message
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/* "$corpus"
  ./_build-fuzz/tests/fuzz/fuzz-message -max_total_time="${CONFER_FUZZ_SECONDS:-60}" "$corpus"
  rm -rf "$corpus"
fi
