#!/bin/sh
# Install Confide from this checkout into .venv, with the exact versions of requirements.lock.
#
#   sh packaging/install.sh         the app:   then run .venv/bin/confide
#   sh packaging/install.sh --dev   the app plus the test and build tools (requirements-dev.lock)
#
# On Debian or Ubuntu it first installs the system packages in packaging/apt-packages.txt (with
# --dev also packaging/apt-packages-dev.txt, what the tests and the desktop build use) that
# are missing (as root, or with sudo when it is there; otherwise it says what to ask for).
# Python 3.11, 3.12 or 3.13 is used: $PYTHON if set, else python3, else python3.13/3.12/3.11.
set -eu
cd "$(dirname "$0")/.."

lock=requirements.lock
packages=packaging/apt-packages.txt
case "${1:-}" in
  "") ;;
  --dev) lock=requirements-dev.lock; packages="$packages packaging/apt-packages-dev.txt" ;;
  *) echo "usage: sh packaging/install.sh [--dev]" >&2; exit 2 ;;
esac

say() { printf 'confide install: %s\n' "$*" >&2; }

# A package is present if dpkg has it, or its 64-bit-time successor (Ubuntu 24.04's "t64").
is_installed() {
  for name in "$1" "${1}t64"; do
    if dpkg-query -W -f='${Status}\n' "$name" 2>/dev/null | grep -q ' installed$'; then
      return 0
    fi
  done
  return 1
}

install_system_packages() {
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 || return 0
  missing=""
  # shellcheck disable=SC2086 # one word per file
  for package in $(grep -hv '^#' $packages); do
    is_installed "$package" || missing="$missing $package"
  done
  [ -n "$missing" ] || return 0
  if [ "$(id -u)" = 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    say "cannot install these system packages (not root, and no sudo):$missing"
    say "ask an administrator to run: apt-get install$missing"
    say "continuing: the command line will work; the window needs those packages."
    return 0
  fi
  say "installing system packages:$missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $missing >/dev/null
}

# Prints the first interpreter that is Python 3.11-3.13 and can make a venv.
supported_python() {
  for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys, ensurepip, venv; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' \
      2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_system_packages

if [ ! -x .venv/bin/python ]; then
  if ! python=$(supported_python); then
    say "Confide needs Python 3.11, 3.12 or 3.13 with venv support; none was found."
    say "On Debian 12 or Ubuntu 24.04: apt-get install python3 python3-venv"
    exit 1
  fi
  say "creating .venv with $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))"
  "$python" -m venv .venv
fi

say "installing the locked versions from $lock"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
  --no-build-isolation -e .
say "done: $(.venv/bin/confide --version) is in .venv (run .venv/bin/confide)"
