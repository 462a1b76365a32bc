#!/bin/sh
# Installs what building and testing Confer needs on Debian 12, with apt-get.
# Run as root (or through sudo).
set -e
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

$SUDO apt-get update -qq
# chromium: the browser tests/media/run-browser-call.sh calls Confer from.
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential meson ninja-build pkg-config ca-certificates \
  libglib2.0-dev libjson-glib-dev libsqlite3-dev libyajl-dev g++ libfast-float-dev libmd4c-dev \
  libsoup-3.0-dev libgnutls28-dev glib-networking sqlite3 \
  clang-14 libclang-rt-14-dev \
  libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev gettext desktop-file-utils appstream flatpak-builder \
  xvfb xauth xdotool xclip x11-utils imagemagick dbus at-spi2-core fonts-noto-color-emoji fonts-wqy-microhei \
  libcairo2-dev libpng-dev libpango1.0-dev libgdk-pixbuf-2.0-dev fonts-comic-neue fonts-dejavu-core poppler-utils libxml2-utils \
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-plugins-base \
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-tools gstreamer1.0-plugins-base-apps \
  gstreamer1.0-nice libgstreamer-plugins-bad1.0-dev jq \
  pulseaudio pulseaudio-utils espeak-ng sox file python3-gi gir1.2-atspi-2.0 \
  tesseract-ocr tesseract-ocr-eng gstreamer1.0-pipewire libportal-gtk4-dev \
  valgrind gzip chromium >/dev/null

# node and npm run the ot-text-unicode oracle and peer; use the machine's
# own node when there is one, Debian's otherwise.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
