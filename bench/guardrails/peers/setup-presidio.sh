#!/usr/bin/env bash
# Installs Microsoft Presidio's analyzer (PyPI) into .data/tools/presidio-venv for
# bench/guardrails/bench.ts to measure beside our scanners. Presidio's spaCy NER models are
# not on the registries this project can reach, so the pipeline is spaCy's blank English
# one: tokenisation and every pattern recogniser run, the NER model does not — Presidio's
# figures are a lower bound of what it costs with a model.
#   bash bench/guardrails/peers/setup-presidio.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
venv="$root/.data/tools/presidio-venv"
version="${PRESIDIO_VERSION:-2.2.366}"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import presidio_analyzer" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "presidio-analyzer==$version"
fi
"$venv/bin/python" -c "import spacy; spacy.blank('en').to_disk('$root/.data/tools/presidio-blank-en')"
echo "presidio-analyzer $version in $venv (blank English spaCy pipeline at .data/tools/presidio-blank-en)"
