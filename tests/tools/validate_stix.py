#!/usr/bin/env python3
"""Validates a STIX 2.1 bundle file as PortSafe's exports write them.

Usage: validate_stix.py BUNDLE.json [--schemas DIR]

Checks, each failure printed on its own line to stderr:
  * the bundle against the OASIS schema common/bundle.json (with the
    objects of the types that schema does not list left out: see
    BUNDLE_SCHEMA_GAPS);
  * each object against its own type's schema (sdos/, sros/, observables/,
    common/marking-definition.json, common/extension-definition.json), and
    a custom type ("x-...") against common/core.json (an SDO, with
    `created`) or common/cyber-observable-core.json (an SCO);
and what the schemas cannot check (their README lists some):
  * ids are unique, begin with their object's type and hold an RFC 4122
    UUID of version 4 or 5;
  * every *_ref and *_refs property, at any depth, names an object of the
    bundle; observed-data refers only to cyber-observable objects;
  * every extension an object uses names an extension-definition of the
    bundle (the official TLP 2.0 one excepted) whose extension_types hold
    the extension_type used; every custom SCO names one of type new-sco;
  * custom type names follow STIX 2.1 section 3.1 and begin with "x-";
  * `modified` is not before `created`;
  * url values are absolute URLs;
  * the ids of the SCOs whose id contributing properties are known (STIX
    2.1 section 2.9, and PortSafe's own types as docs/exports.md defines
    them) are the version 5 UUIDs of those properties.

Exit status: 0 valid, 1 invalid, 2 unusable input. Works with Debian
bookworm's python3-jsonschema (4.10.3) and later versions.
"""

import argparse
import json
import os
import re
import sys
import urllib.parse
import uuid
import warnings

# Schemas refer to each other by their $id (relative "../common/x.json").
# jsonschema 4.18 and later resolve them through a `referencing` registry
# (their RefResolver, deprecated, no longer follows 2020-12 schemas' scopes);
# 4.10.3, Debian bookworm's, only has RefResolver, given a store of them.
warnings.filterwarnings("ignore", category=DeprecationWarning)

import jsonschema  # noqa: E402
from jsonschema.validators import Draft202012Validator  # noqa: E402

try:
    from referencing import Registry, Resource  # noqa: E402
    from referencing.jsonschema import DRAFT202012  # noqa: E402
except ImportError:
    Registry = Resource = DRAFT202012 = None

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMAS = os.path.join(HERE, "..", "testdata", "stix2-json-schemas", "schemas")

STIX_SCO_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
# Extension definitions a bundle may use without carrying them.
WELL_KNOWN_EXTENSIONS = {
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d",  # TLP 2.0
}
# ID contributing properties (STIX 2.1 section 2.9; PortSafe's own types).
ID_CONTRIBUTING = {
    "email-addr": ["value"],
    "url": ["value"],
    "domain-name": ["value"],
    "user-account": ["account_type", "user_id", "account_login"],
    "x-portsafe-container": ["container_number"],
    "x-portsafe-vessel": ["imo_number", "mmsi"],
    "x-portsafe-vehicle": ["registration_country", "registration_mark"],
    "x-portsafe-phone": ["number"],
}
# Types common/bundle.json does not list (it predates them): such an object
# falls to the schema's custom-object branch, whose oneOf of core.json and
# cyber-observable-core.json both match, so every valid one fails there. The
# bundle schema judges the other objects; these are judged by their own
# type's schema, as every object is.
BUNDLE_SCHEMA_GAPS = {"location", "grouping", "note", "opinion", "incident", "extension-definition"}
META_TYPES = {"marking-definition", "extension-definition", "language-content"}
TYPE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class Schemas:
    """The OASIS schemas, each by its path under the root and by its $id."""

    def __init__(self, root):
        self.root = root
        self.by_path = {}
        self.store = {}
        for folder, _, files in os.walk(root):
            for name in files:
                if not name.endswith(".json"):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    schema = json.load(f)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                self.by_path[rel] = schema
                self.store[schema["$id"]] = schema
        if "common/bundle.json" not in self.by_path:
            raise OSError("no common/bundle.json under " + root)
        self.validators = {}
        self.registry = None
        if Registry is not None:
            self.registry = Registry().with_resources(
                (sid, Resource.from_contents(s, default_specification=DRAFT202012))
                for sid, s in self.store.items()
            )

    def validator(self, rel):
        if rel not in self.validators:
            schema = self.by_path[rel]
            checker = jsonschema.FormatChecker()
            if self.registry is not None:
                v = Draft202012Validator(schema, registry=self.registry, format_checker=checker)
            else:
                resolver = jsonschema.RefResolver(
                    base_uri=schema["$id"], referrer=schema, store=self.store
                )
                v = Draft202012Validator(schema, resolver=resolver, format_checker=checker)
            self.validators[rel] = v
        return self.validators[rel]

    def has(self, rel):
        return rel in self.by_path


def is_sco(obj, schemas):
    t = obj.get("type", "")
    if schemas.has("observables/%s.json" % t):
        return True
    return t.startswith("x-") and "created" not in obj


def schema_for(obj, schemas):
    t = obj.get("type", "")
    for folder in ("sdos", "sros", "observables"):
        rel = "%s/%s.json" % (folder, t)
        if schemas.has(rel):
            return rel
    if t in META_TYPES:
        return "common/%s.json" % t
    if t.startswith("x-"):
        return "common/core.json" if "created" in obj else "common/cyber-observable-core.json"
    return None


def schema_errors(validator, instance):
    out = []
    for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        out.append("%s: %s" % (where, e.message[:300]))
    return out


def refs_of(value, path=""):
    """(path, ref) for every *_ref / *_refs property at any depth."""
    if isinstance(value, dict):
        for k, v in value.items():
            p = path + "/" + k
            if k.endswith("_ref"):
                yield p, v
            elif k.endswith("_refs"):
                if isinstance(v, list):
                    for i, r in enumerate(v):
                        yield "%s/%d" % (p, i), r
                else:
                    yield p, v
            else:
                yield from refs_of(v, p)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from refs_of(v, "%s/%d" % (path, i))


def sco_id(obj, props):
    contributing = {k: obj[k] for k in props if k in obj}
    if not contributing:
        return None
    text = json.dumps(contributing, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "%s--%s" % (obj["type"], uuid.uuid5(STIX_SCO_NAMESPACE, text))


def check_id(obj, errors):
    oid = obj.get("id")
    t = obj.get("type")
    if not isinstance(oid, str) or not isinstance(t, str) or not oid.startswith(t + "--"):
        errors.append("id %r does not begin with its type %r" % (oid, t))
        return
    text = oid[len(t) + 2 :]
    if not UUID_TEXT.match(text.lower()):
        errors.append("id %s: %r is not a UUID" % (oid, text))
        return
    u = uuid.UUID(text)
    if u.variant != uuid.RFC_4122:
        errors.append("id %s: not an RFC 4122 variant UUID" % oid)
    if u.version not in (4, 5):
        errors.append("id %s: UUID version %s, not 4 or 5" % (oid, u.version))


def validate(bundle, schemas):
    errors = []
    if not isinstance(bundle, dict):
        return ["the file is not a JSON object"]
    objects = bundle.get("objects")
    if not isinstance(objects, list):
        return errors + ["bundle: no objects list"]
    # The bundle schema, on the objects it can judge (BUNDLE_SCHEMA_GAPS).
    judged = dict(bundle)
    judged["objects"] = [o for o in objects if not (isinstance(o, dict) and o.get("type") in BUNDLE_SCHEMA_GAPS)]
    errors += ["bundle: " + e for e in schema_errors(schemas.validator("common/bundle.json"), judged)]
    if "id" in bundle:
        check_id(bundle, errors)

    by_id = {}
    for i, obj in enumerate(objects):
        if not isinstance(obj, dict):
            errors.append("objects/%d: not an object" % i)
            continue
        oid = obj.get("id")
        if oid in by_id:
            errors.append("id %s appears twice" % oid)
        by_id[oid] = obj

    for obj in objects:
        if not isinstance(obj, dict):
            continue
        oid = obj.get("id", "(no id)")
        t = obj.get("type", "")
        check_id(obj, errors)
        rel = schema_for(obj, schemas)
        if rel is None:
            errors.append("%s: unknown type %r (not in the schemas and not x-...)" % (oid, t))
        else:
            errors += ["%s (%s): %s" % (oid, rel, e) for e in schema_errors(schemas.validator(rel), obj)]
        if rel is not None and rel.startswith("common/") and t.startswith("x-"):
            if not (3 <= len(t) <= 250 and TYPE_NAME.match(t)):
                errors.append("%s: custom type name %r breaks STIX 2.1 section 3.1" % (oid, t))

        # References resolve.
        for path, ref in refs_of(obj):
            if not isinstance(ref, str) or ref not in by_id:
                errors.append("%s: %s names %r, which is not in the bundle" % (oid, path, ref))
        if t == "observed-data":
            for ref in obj.get("object_refs", []):
                if ref in by_id and not is_sco(by_id[ref], schemas):
                    errors.append("%s: object_refs names %s, which is not an SCO" % (oid, ref))

        # Extensions name definitions of the bundle.
        new_sco = False
        exts = obj.get("extensions", {})
        if isinstance(exts, dict):
            for key, ext in exts.items():
                if not key.startswith("extension-definition--"):
                    continue
                ext_type = ext.get("extension_type") if isinstance(ext, dict) else None
                if ext_type == "new-sco":
                    new_sco = True
                if key in WELL_KNOWN_EXTENSIONS:
                    continue
                definition = by_id.get(key)
                if definition is None or definition.get("type") != "extension-definition":
                    errors.append("%s: extension %s is not defined in the bundle" % (oid, key))
                elif ext_type not in definition.get("extension_types", []):
                    errors.append(
                        "%s: uses %s as %r, which its definition does not declare" % (oid, key, ext_type)
                    )
        if t.startswith("x-") and is_sco(obj, schemas) and not new_sco:
            errors.append("%s: a custom SCO without an extension of type new-sco" % oid)

        if "created" in obj and "modified" in obj and obj["modified"] < obj["created"]:
            errors.append("%s: modified is before created" % oid)

        if t == "url":
            parts = urllib.parse.urlsplit(str(obj.get("value", "")))
            if not parts.scheme or not parts.netloc:
                errors.append("%s: url value %r is not an absolute URL" % (oid, obj.get("value")))

        if t in ID_CONTRIBUTING and isinstance(obj.get("id"), str):
            want = sco_id(obj, ID_CONTRIBUTING[t])
            if want is None:
                errors.append("%s: none of its id contributing properties %s" % (oid, ID_CONTRIBUTING[t]))
            elif want != obj["id"]:
                errors.append("%s: id should be %s (UUIDv5 of its id contributing properties)" % (oid, want))
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle")
    parser.add_argument("--schemas", default=DEFAULT_SCHEMAS)
    args = parser.parse_args()
    try:
        schemas = Schemas(os.path.normpath(args.schemas))
        with open(args.bundle, encoding="utf-8") as f:
            bundle = json.load(f)
    except (OSError, ValueError, KeyError) as e:
        print("validate_stix: cannot read: %s" % e, file=sys.stderr)
        return 2
    errors = validate(bundle, schemas)
    for e in errors:
        print("validate_stix: %s: %s" % (args.bundle, e), file=sys.stderr)
    if errors:
        print("validate_stix: %s: INVALID (%d problems)" % (args.bundle, len(errors)), file=sys.stderr)
        return 1
    print("validate_stix: %s: valid (%d objects)" % (args.bundle, len(bundle["objects"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
