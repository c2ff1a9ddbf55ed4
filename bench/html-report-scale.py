"""Makes a large inventory snapshot for the HTML report benchmark.

Usage: python3 bench/html-report-scale.py COPIES > big.json

Repeats every resource of examples/demo-account.json COPIES times with unique
ids and names (the demo's 116 resources give 173 results, so 58 copies give
about 10,000 results). Then, e.g.:

    onus -v scan snapshot big.json --format html --fail-on none -o big.html

and read the "rendered" log line (bytes, elapsed_ms). See docs/benchmarks.md.
"""
import copy
import json
import pathlib
import sys

copies = int(sys.argv[1]) if len(sys.argv) > 1 else 58
root = pathlib.Path(__file__).resolve().parent.parent
demo = json.loads((root / "examples" / "demo-account.json").read_text())
resources = []
for n in range(copies):
    for r in demo["resources"]:
        r = copy.deepcopy(r)
        if n:
            r["id"] = f"{r['id']}-copy{n}"
            r["name"] = f"{r['name']}-copy{n}"
        resources.append(r)
demo["resources"] = resources
demo["metadata"]["description"] = f"demo-account.json repeated {copies} times (HTML report benchmark)"
json.dump(demo, sys.stdout)
