#!/usr/bin/env bash
# Pin every dependency: requirements.txt (runtime) and requirements-dev.txt (runtime + tests + lint).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/run" && "$tmp/run/bin/pip" install -q -r requirements.in
{ echo "# Pinned by scripts/lock.sh from requirements.in – do not edit by hand."; "$tmp/run/bin/pip" freeze --exclude-editable; } > requirements.txt
python3 -m venv "$tmp/dev" && "$tmp/dev/bin/pip" install -q -r requirements-dev.in
{ echo "# Pinned by scripts/lock.sh from requirements-dev.in – do not edit by hand."; "$tmp/dev/bin/pip" freeze --exclude-editable; } > requirements-dev.txt
echo "pinned: $(grep -vc '^#' requirements.txt) runtime, $(grep -vc '^#' requirements-dev.txt) dev packages"
