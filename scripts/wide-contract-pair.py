#!/usr/bin/env python3
"""Writes two versions of a contract with PROPERTIES properties (default 5000)
for the diff benchmark: v2 removes 10 properties, changes 10 types, makes 10
optional, tightens 10 length limits and adds 10 properties.

  python3 scripts/wide-contract-pair.py OUT_DIR [PROPERTIES]
"""

import pathlib
import sys


def contract(version, n, v2):
    lines = [
        "apiVersion: v3.1.0",
        "kind: DataContract",
        "id: urn:datacontract:bench:wide",
        f"version: {version}",
        "status: active",
        "name: Wide events",
        "servers:",
        "  - server: prod",
        "    type: postgres",
        "    host: db.example.com",
        "    port: 5432",
        "    database: events",
        "    schema: public",
        "schema:",
        "  - name: events",
        "    physicalName: events",
        "    physicalType: table",
        "    properties:",
    ]
    for i in range(n):
        if v2 and i % 500 == 1:
            continue  # removed
        logical = "integer" if i % 3 == 0 else "string"
        if v2 and i % 500 == 2:
            logical = "number"  # type changed
        required = "true" if i % 2 == 0 else "false"
        if v2 and i % 500 == 4:
            required = "false"  # no longer required
        max_length = 64 if not (v2 and i % 500 == 6) else 32
        lines += [
            f"      - name: field_{i:05d}",
            f"        logicalType: {logical}",
            f"        physicalType: {'bigint' if logical == 'integer' else 'varchar(64)'}",
            f"        required: {required}",
            f"        description: Field number {i} of the wide events table.",
        ]
        if logical == "string":
            lines += ["        logicalTypeOptions:", f"          maxLength: {max_length}"]
        if i % 10 == 0:
            lines += [
                "        quality:",
                f"          - name: field_{i:05d}_not_null",
                "            metric: nullValues",
                "            mustBe: 0",
                "            severity: error",
            ]
    if v2:
        for i in range(10):
            lines += [f"      - name: added_{i}", "        logicalType: string"]
    lines += [
        "slaProperties:",
        "  - property: latency",
        "    value: 4",
        "    unit: h",
    ]
    return "\n".join(lines) + "\n"


def main():
    out = pathlib.Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    out.mkdir(parents=True, exist_ok=True)
    (out / "wide-1.0.0.odcs.yaml").write_text(contract("1.0.0", n, False))
    (out / "wide-2.0.0.odcs.yaml").write_text(contract("2.0.0", n, True))


if __name__ == "__main__":
    main()
