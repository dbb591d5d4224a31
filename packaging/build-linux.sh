#!/bin/sh
# Build the Linux desktop app with PyInstaller and pack it:
#   dist/confide-<version>-linux-<arch>.tar.gz
#     confide-<version>-linux-<arch>/Confide/Confide     the app (double-click or run it)
#     confide-<version>-linux-<arch>/install-desktop-entry.sh, confide.desktop, icons/
# Needs the build tools: sh packaging/install.sh --dev
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
version=$("$python" -c 'import desktop; print(desktop.__version__)')
name="confide-$version-linux-$(uname -m)"
work=build/pyinstaller

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$work/dist" --workpath "$work/work" packaging/pyinstaller/confide.spec

rm -rf "${work:?}/$name"
mkdir -p "$work/$name/icons" dist
cp -a "$work/dist/Confide" "$work/$name/"
cp packaging/linux/confide.desktop packaging/linux/install-desktop-entry.sh "$work/$name/"
cp packaging/linux/README.txt "$work/$name/"
cp packaging/icons/confide-*.png desktop/resources/icons/confide.svg "$work/$name/icons/"
tar -C "$work" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz"
