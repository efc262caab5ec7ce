"""Would a MiniLM second stage help? Leave-one-source-out, the same groups as stage 1.

Embeds every row (normalised text, first 128 word pieces) with the int8 ONNX encoder that
setup-minilm.sh builds, fits a logistic head on the embeddings of the training groups, and
compares on the held-out group: stage 1 alone, the head alone, a fixed mix of both, and a
cascade that asks stage 2 only when stage 1 is near its threshold. Thresholds are chosen on
the pooled held-out predictions, as for stage 1.

  bash services/guardrails/training/stage2/setup-minilm.sh
  node -r @swc-node/register services/guardrails/training/stage2/dump-loso.ts
  .data/tools/ml-venv/bin/python services/guardrails/training/stage2/evaluate_stage2.py
"""

import json
import re
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from sklearn.linear_model import LogisticRegression
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

ROOT = Path(__file__).resolve().parents[4]
ML = ROOT / '.data' / 'ml'
TRIGGER = re.compile(r'ignor|instruction|system ?prompt|disregard|forget|anweisung|vergiss|systemprompt|anleitung', re.I)


def tokenizer() -> Tokenizer:
    vocab = {t: i for i, t in enumerate((ML / 'minilm' / 'vocab.txt').read_text(encoding='utf-8').split('\n')[:-1])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token='[UNK]', max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=None, handle_chinese_chars=True, clean_text=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(single='[CLS] $A [SEP]', special_tokens=[('[CLS]', vocab['[CLS]']), ('[SEP]', vocab['[SEP]'])])
    tok.enable_truncation(128)
    return tok


def embed(texts, tok, sess):
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, t in enumerate(texts):
        ids = np.array([tok.encode(t).ids], dtype=np.int64)
        out[i] = sess.run(['embedding'], {'input_ids': ids, 'attention_mask': np.ones_like(ids)})[0][0]
    return out


def best_threshold(s, y):
    o = np.argsort(s)
    ys = y[o]
    pos, neg = (y == 1).sum(), (y == 0).sum()
    fn = np.concatenate([[0], np.cumsum(ys == 1)])
    tn = np.concatenate([[0], np.cumsum(ys == 0)])
    k = int(np.argmax(((pos - fn) / pos + tn / neg) / 2))
    ss = s[o]
    return ss[k] if k < len(s) else ss[-1] + 1e-9


def main() -> None:
    d = json.loads((ML / 'loso-v2.json').read_text())
    rows, probes = d['rows'], d['probes']
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    sess = ort.InferenceSession(str(ML / 'minilm' / 'minilm-l6-v2.onnx'), so)
    tok = tokenizer()
    t0 = time.time()
    E = embed([r['norm'] for r in rows], tok, sess)
    EP = embed([r['norm'] for r in probes], tok, sess)
    print(f'embedded {len(rows) + len(probes)} texts in {time.time() - t0:.0f} s')
    y = np.array([r['label'] for r in rows])
    g = np.array([r['group'] for r in rows])
    w = np.array([r['w'] for r in rows])
    z1 = np.array([r['z'] for r in rows])
    yp = np.array([r['label'] for r in probes])
    z1p = np.array([r['z'] for r in probes])
    pv = np.array([r['probe'] for r in probes])
    trig = np.array([r['label'] == 0 and bool(TRIGGER.search(r['text'])) for r in rows])
    groups = sorted(set(g))

    z2 = np.zeros(len(rows))
    for G in groups:
        te = g == G
        head = LogisticRegression(C=0.3, max_iter=3000).fit(E[~te], y[~te], sample_weight=w[~te])
        z2[te] = head.decision_function(E[te])
    z2p = LogisticRegression(C=0.3, max_iter=3000).fit(E, y, sample_weight=w).decision_function(EP)

    def ba(pred, yy):
        return ((pred & (yy == 1)).sum() / max(1, (yy == 1).sum()) + (~pred & (yy == 0)).sum() / max(1, (yy == 0).sum())) / 2 * 100

    def report(name, z, zp, asked=None):
        t = best_threshold(z, y)
        pred, pp = z >= t, zp >= t
        per = []
        for G in groups:
            m = g == G
            pos = y[m] == 1
            vals = ([pred[m][pos].mean()] if pos.any() else []) + ([(~pred[m][~pos]).mean()] if (~pos).any() else [])
            per.append(f'{G.split("/")[0][:10]} {np.mean(vals) * 100:.1f}')
        expl = ~np.char.startswith(g.astype(str), 'PurpleLlama')
        line = (f'{name:34s} pooled {ba(pred, y):.1f}  without PurpleLlama {ba(pred[expl], y[expl]):.1f}  trigger FPR {pred[trig].mean() * 100:.1f}  '
                f'probe v1 {ba(pp[pv == 1], yp[pv == 1]):.1f}  probe v2 {ba(pp[pv == 2], yp[pv == 2]):.1f}')
        if asked is not None:
            line += f'  stage 2 asked for {asked * 100:.0f}% of rows'
        print(line + '\n    ' + ', '.join(per))

    report('stage 1 (v2)', z1, z1p)
    report('stage 2 head alone', z2, z2p)
    s1, s2 = z1.std(), z2.std()
    for a in (0.5, 0.7):
        report(f'mix {a:.1f} stage 1 + {1 - a:.1f} stage 2', a * z1 / s1 + (1 - a) * z2 / s2, a * z1p / s1 + (1 - a) * z2p / s2)
    t1 = best_threshold(z1, y)
    for band in (0.5, 1.0):
        mix = t1 + (0.5 * (z1 - t1) / s1 + 0.5 * z2 / s2) * s1
        mixp = t1 + (0.5 * (z1p - t1) / s1 + 0.5 * z2p / s2) * s1
        inb, inbp = np.abs(z1 - t1) < band, np.abs(z1p - t1) < band
        report(f'cascade, band ±{band} logit', np.where(inb, mix, z1), np.where(inbp, mixp, z1p), inb.mean())


if __name__ == '__main__':
    main()
