#!/usr/bin/env python3
"""Derive the expected validation verdict of every real-world ODCS / ODPS file.

Picks the ODCS contracts (kind DataContract, apiVersion v3...) and ODPS
products (kind DataProduct, apiVersion v0.../v1...) of the real-world corpus,
validates each against the official JSON schema of its declared version (from
odcs-standard/schema, odps-standard/schema) and prints one TSV row per file:

  path  standard  declared  schema  verdict  first_error

`first_error` is the JSON pointer (instance location) of the first error in
document order: the error whose location comes first in a pre-order walk of
the document (so an error on an object, e.g. a missing required field, comes
before errors inside it). The root is the empty pointer.

  python3 -m venv /tmp/verdicts-venv
  /tmp/verdicts-venv/bin/pip install jsonschema pyyaml
  /tmp/verdicts-venv/bin/python scripts/derive-verdicts.py \\
      --real-world ../shared/real-world > fixtures/real-world-verdicts.tsv

Parsing follows the Rust side (serde_norway / serde_json) as far as practical:
YAML 1.2 core scalars (only true/false are booleans, dates and timestamps stay
strings, no sexagesimal or `_` numbers), first document of a multi-document
file, JSON without NaN/Infinity. Files that do not parse, or whose top level
is not a mapping, are left out. Format checking is off, as on the Rust side.
"""

import argparse
import importlib.metadata
import json
import os
import pathlib
import re
import sys

import yaml
from jsonschema.validators import validator_for

EXTENSIONS = (".yaml", ".yml", ".json")
# standard -> (kind, accepted apiVersion prefixes, schema folder, schema file prefix)
STANDARDS = {
    "odcs": ("DataContract", ("v3", "3"), "odcs-standard/schema", "odcs-json-schema-"),
    "odps": ("DataProduct", ("v0.", "v1."), "odps-standard/schema", "odps-json-schema-"),
}


# --- YAML 1.2 core schema loader --------------------------------------------

class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core resolution of plain scalars."""


# Drop PyYAML's YAML 1.1 resolvers for bool, int, float and timestamp...
_DROPPED = {"tag:yaml.org,2002:" + t for t in ("bool", "int", "float", "timestamp")}
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# ...and add YAML 1.2 core ones, as serde_norway resolves them: leading zeros
# followed by digits (`0123`, a zip code, an EAN) stay strings.
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*|0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+)$"), list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?![-+]?0[0-9]+$)(?:[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    digits = text.lstrip("+-")
    base = {"0x": 16, "0o": 8, "0b": 2}.get(digits[:2], 10)
    value = int(digits[2:] if base != 10 else digits, base)
    return -value if text.startswith("-") else value


def _construct_str_key_mapping(loader, node):
    # JSON objects only have string keys: a plain key like `200:` becomes "200".
    loader.flatten_mapping(node)
    return {
        key.value if isinstance(key, yaml.ScalarNode) else str(loader.construct_object(key, deep=True)):
        loader.construct_object(value, deep=True)
        for key, value in node.value
    }


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:map", _construct_str_key_mapping)


def load(path):
    """The parsed document, or None when the file does not parse."""
    try:
        if path.suffix == ".json":
            return json.loads(path.read_text(encoding="utf-8"), parse_constant=_reject)
        with path.open("rb") as stream:
            return next(iter(yaml.load_all(stream, Loader=Yaml12Loader)), None)
    except (ValueError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None


def _reject(constant):
    raise ValueError(f"{constant} is not JSON")


# --- classification and schema choice ---------------------------------------

def classify(doc):
    """(standard, declared apiVersion) for an ODCS/ODPS document, else None."""
    version = doc.get("apiVersion")
    if not isinstance(version, str):
        return None
    for standard, (kind, prefixes, _, _) in STANDARDS.items():
        if doc.get("kind") == kind and version.startswith(prefixes):
            return standard, version
    return None


def version_key(text):
    """`v3.0.2` / `3.0.2` / `v3.1` -> (3, 0, 2) / (3, 0, 2) / (3, 1, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", text)[:3]]
    return tuple(numbers + [0] * (3 - len(numbers)))


def load_schemas(root):
    """standard -> sorted list of (version key, version text, validator)."""
    schemas = {}
    for standard, (_, _, folder, prefix) in STANDARDS.items():
        found = []
        for file in (root / folder).glob(prefix + "v*.json"):
            version = file.name[len(prefix):-len(".json")]
            schema = json.loads(file.read_text(encoding="utf-8"))
            cls = validator_for(schema)
            cls.check_schema(schema)
            found.append((version_key(version), version, cls(schema)))  # no format checker
        schemas[standard] = sorted(found, key=lambda entry: entry[0])
    return schemas


def pick_schema(known, declared):
    """Newest known schema not newer than `declared` (so an exact match, or the
    newest for a version newer than all), else the oldest."""
    wanted = version_key(declared)
    eligible = [entry for entry in known if entry[0] <= wanted]
    return eligible[-1] if eligible else known[0]


# --- validation ----------------------------------------------------------------

def document_order(doc):
    """Map each location (tuple of keys/indexes) to its pre-order position."""
    order = {}
    stack = [((), doc)]
    while stack:
        location, value = stack.pop()
        order[location] = len(order)
        if isinstance(value, dict):
            children = [(location + (k,), v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(location + (i,), v) for i, v in enumerate(value)]
        else:
            children = []
        stack.extend(reversed(children))
    return order


def pointer(location):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in location)


def first_error(validator, doc):
    """JSON pointer of the first error in document order, or None if valid."""
    errors = list(validator.iter_errors(doc))
    if not errors:
        return None
    order = document_order(doc)
    # sorted() is stable: errors at the same location keep jsonschema's order.
    first = sorted(errors, key=lambda e: order.get(tuple(e.absolute_path), len(order)))[0]
    return pointer(first.absolute_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real-world", required=True, type=pathlib.Path,
                        help="folder of the real-world corpus (with odcs-standard/, odps-standard/)")
    root = parser.parse_args().real_world.resolve()
    schemas = load_schemas(root)

    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]  # .git, ...
        for name in names:
            path = pathlib.Path(folder, name)
            if path.suffix in EXTENSIONS:
                files.append((path.relative_to(root).as_posix(), path))

    out = sys.stdout
    out.write(f"# made by scripts/derive-verdicts.py --real-world ../shared/real-world with jsonschema"
              f" {importlib.metadata.version('jsonschema')} and PyYAML {yaml.__version__};"
              " official schemas, format checking off\n")
    out.write("path\tstandard\tdeclared\tschema\tverdict\tfirst_error\n")
    for relative, path in sorted(files):
        doc = load(path)
        if not isinstance(doc, dict):
            continue
        classified = classify(doc)
        if classified is None:
            continue
        standard, declared = classified
        _, used, validator = pick_schema(schemas[standard], declared)
        error = first_error(validator, doc)
        verdict = "valid" if error is None else "invalid"
        row = [relative, standard, declared, used, verdict, error or ""]
        out.write("\t".join(re.sub(r"[\t\r\n]+", " ", cell) for cell in row) + "\n")


if __name__ == "__main__":
    main()
