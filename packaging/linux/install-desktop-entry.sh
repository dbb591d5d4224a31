#!/bin/sh
# Add Confide to your applications menu (for this user only; nothing needs root).
# Run it from the unpacked folder:  sh install-desktop-entry.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
for png in "$here"/icons/confide-*.png; do
  size=$(basename "$png" .png | sed 's/confide-//')
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/confide.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps" "$data/applications"
cp "$here/icons/confide.svg" "$data/icons/hicolor/scalable/apps/confide.svg"
sed "s|@EXEC@|\"$here/Confide/Confide\"|" "$here/confide.desktop" > "$data/applications/confide.desktop"
echo "Confide is in your applications menu (it runs from $here)."
