#!/usr/bin/env python3
"""Cross-check `meshlens diff` against datacontract-cli's `breaking` command.

Runs both tools on the same contract pairs, from both perspectives, and
compares the changes each grades ERROR or WARNING (path and level).

  pip install datacontract-cli==1.2.8
  python3 scripts/crosscheck-datacontract.py [--meshlens PATH] [--demo DIR]

Pairs: every case of fixtures/diff/cases.yaml, and with --demo, every pair
of consecutive versions of each contract under DIR (the demo mesh).
A case with a `dcli:` note is a documented difference (docs/diff.md); any
other difference fails the run (exit 1).
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import yaml
from datacontract.data_contract import DataContract
from datacontract.model.breaking import Perspective

HEADER = {
    "apiVersion": "v3.1.0",
    "kind": "DataContract",
    "id": "urn:datacontract:test:case",
    "status": "active",
}
ROOT = pathlib.Path(__file__).resolve().parent.parent


def dcli_levels(v1, v2, perspective):
    result = DataContract(data_contract_file=str(v1), inline_references=False).breaking(
        DataContract(data_contract_file=str(v2), inline_references=False), perspective=perspective
    )
    return {
        (e.path, e.level.value.upper())
        for e in result.entries
        if e.level.value in ("error", "warning")
    }


def meshlens_levels(binary, v1, v2, perspective):
    run = subprocess.run(
        [binary, "diff", str(v1), str(v2), "--json", "--perspective", perspective],
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"meshlens failed on {v1} {v2}: {run.stderr}")
    report = json.loads(run.stdout)
    return {(c["path"], c["level"]) for c in report["changes"] if c["level"] in ("ERROR", "WARNING")}


def compare(binary, name, v1, v2, note):
    outcome = []
    for perspective in ("consumer", "producer"):
        ours = meshlens_levels(binary, v1, v2, perspective)
        theirs = dcli_levels(v1, v2, Perspective(perspective))
        if ours != theirs:
            outcome.append((perspective, sorted(ours - theirs), sorted(theirs - ours)))
    return outcome


def case_pairs(workdir):
    cases = yaml.safe_load((ROOT / "fixtures/diff/cases.yaml").read_text())
    for n, case in enumerate(cases):
        pair = []
        for side, version in (("old", "1.0.0"), ("new", "2.0.0")):
            path = workdir / f"case{n}-{side}.odcs.yaml"
            path.write_text(yaml.safe_dump({**HEADER, "version": version, **(case[side] or {})}))
            pair.append(path)
        yield case["name"], pair[0], pair[1], case.get("dcli")


def demo_pairs(demo):
    for folder in sorted(p for p in pathlib.Path(demo).glob("*/contracts/*") if p.is_dir()):
        files = sorted(folder.glob("*.odcs.yaml"), key=lambda p: [int(x) for x in p.name.split(".")[:3]])
        for old, new in zip(files, files[1:]):
            yield f"{folder.name} {old.name[:-10]} -> {new.name[:-10]}", old, new, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meshlens", default=str(ROOT / "target/release/meshlens"))
    parser.add_argument("--demo", help="also compare consecutive versions of each contract under this folder")
    args = parser.parse_args()
    agree = documented = 0
    unexpected = []
    with tempfile.TemporaryDirectory() as tmp:
        pairs = list(case_pairs(pathlib.Path(tmp)))
        if args.demo:
            pairs += list(demo_pairs(args.demo))
        for name, v1, v2, note in pairs:
            try:
                differences = compare(args.meshlens, name, v1, v2, note)
            except Exception as error:  # an invalid contract: name the case
                raise SystemExit(f"{name}: datacontract-cli refused it: {error}") from None
            if not differences:
                agree += 1
                continue
            own_rules = all(
                not only_theirs and all(path.startswith(("slaProperties.", "servers.")) for path, _ in only_ours)
                for _, only_ours, only_theirs in differences
            )
            if note or own_rules:
                documented += 1
                print(f"documented  {name}: {note or 'meshlens grades SLA and server changes'}")
            else:
                unexpected.append(name)
                print(f"DIFFERENT   {name}")
            for perspective, only_ours, only_theirs in differences:
                print(f"    {perspective}: meshlens only {only_ours}; datacontract-cli only {only_theirs}")
    print(f"{len(pairs)} pairs: {agree} agree, {documented} documented differences, {len(unexpected)} unexpected")
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
