# Build the Windows installer: dist\Confide-<version>-setup.exe
# Needs Python 3.11-3.13 (py launcher) and Inno Setup 6 (iscc on PATH). NOT built or tested on
# the project's Linux machine: .github/workflows/desktop-builds.yml runs it on windows-latest.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --quiet --require-hashes -r requirements-dev.lock
.venv\Scripts\python -m pip install --quiet --no-deps --no-build-isolation -e .
$version = .venv\Scripts\python -c "import desktop; print(desktop.__version__)"
# The installer's icon (Inno Setup wants .ico): made from the committed PNG with Pillow.
.venv\Scripts\python -c "from PIL import Image; Image.open('packaging/icons/confide-256.png').save('packaging/icons/confide.ico', sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])"

.venv\Scripts\python -m PyInstaller --noconfirm --clean --log-level WARN `
  --distpath build\pyinstaller\dist --workpath build\pyinstaller\work `
  packaging\pyinstaller\confide.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# Smoke test before packing: the built app makes a demo vault and checks it.
$smoke = Join-Path $env:TEMP "confide-smoke"
if (Test-Path $smoke) { Remove-Item -Recurse -Force $smoke }
build\pyinstaller\dist\Confide\Confide.exe demo --vault "$smoke\vault"
if ($LASTEXITCODE -ne 0) { throw "the built app could not create a demo vault" }
Set-Content -Path "$smoke\pass.txt" -Value "confide demo vault"
build\pyinstaller\dist\Confide\Confide.exe verify --vault "$smoke\vault" --passphrase-file "$smoke\pass.txt"
if ($LASTEXITCODE -ne 0) { throw "the built app's demo vault did not verify" }

New-Item -ItemType Directory -Force dist | Out-Null
iscc /DAppVersion=$version /DSourceDir=build\pyinstaller\dist\Confide /ODist packaging\windows\confide.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
