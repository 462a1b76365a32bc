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
