#!/bin/sh
# Build the macOS app: dist/Confide-<version>-macos-<arch>.dmg holding Confide.app.
# Needs Python 3.11-3.13 and Xcode's command line tools (hdiutil). NOT built or tested on the
# project's Linux machine: .github/workflows/desktop-builds.yml runs it on macos-latest.
# The app is not signed or notarized: Gatekeeper asks the user to allow it (right-click, Open).
set -eu
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -m pip install --quiet --require-hashes -r requirements-dev.lock
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
version=$(.venv/bin/python -c 'import desktop; print(desktop.__version__)')

.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath build/pyinstaller/dist --workpath build/pyinstaller/work \
  packaging/pyinstaller/confide.spec

# Smoke test before packing: the built app makes a demo vault and checks it.
smoke=$(mktemp -d)
app=build/pyinstaller/dist/Confide.app/Contents/MacOS/Confide
"$app" demo --vault "$smoke/vault"
printf 'confide demo vault\n' > "$smoke/pass.txt"
"$app" verify --vault "$smoke/vault" --passphrase-file "$smoke/pass.txt"
rm -rf "$smoke"

mkdir -p dist build/dmg
rm -rf build/dmg/*
cp -R build/pyinstaller/dist/Confide.app build/dmg/
ln -s /Applications build/dmg/Applications
hdiutil create -volname Confide -srcfolder build/dmg -ov -format UDZO \
  "dist/Confide-$version-macos-$(uname -m).dmg"
