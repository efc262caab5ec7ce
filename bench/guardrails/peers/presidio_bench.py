"""Times Presidio's AnalyzerEngine on the texts bench/guardrails/bench.ts hands it.

Reads {"model": path, "cases": [{"label", "text", "iterations"}]} as JSON on stdin and
prints one JSON object: per case p50/p99 in ms, MB/s and the entity types found, plus the
process's peak RSS. Run by bench.ts; see setup-presidio.sh for the install.
"""
import json
import resource
import sys
import time

import tldextract

# Presidio's e-mail recogniser calls tldextract, which would fetch the public suffix list
# from the internet on first use; use the snapshot bundled with the package instead.
tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())

from presidio_analyzer import AnalyzerEngine  # noqa: E402
from presidio_analyzer.nlp_engine import NlpEngineProvider  # noqa: E402


def main() -> None:
    job = json.load(sys.stdin)
    conf = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": job["model"]}]}
    t0 = time.perf_counter()
    engine = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=conf).create_engine(), supported_languages=["en"])
    load_ms = (time.perf_counter() - t0) * 1000
    out = []
    for case in job["cases"]:
        text = case["text"]
        found = sorted({r.entity_type for r in engine.analyze(text=text, language="en")})
        for _ in range(min(20, case["iterations"])):
            engine.analyze(text=text, language="en")
        times = []
        for _ in range(case["iterations"]):
            s = time.perf_counter()
            engine.analyze(text=text, language="en")
            times.append((time.perf_counter() - s) * 1000)
        times.sort()
        mean = sum(times) / len(times)
        out.append({
            "label": case["label"],
            "p50": times[len(times) // 2],
            "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
            "mbps": len(text.encode("utf-8")) / 1e6 / (mean / 1000),
            "runs": len(times),
            "found": found,
        })
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"loadMs": load_ms, "cases": out, "peakRssMb": rss_mb}))


if __name__ == "__main__":
    main()
