#!/usr/bin/env python3
"""Validates a MISP event file (MISP core format) as PortSafe's exports write them.

Usage: validate_misp.py EVENT.json [--templates DIR]...

Checks, each failure printed on its own line to stderr:
  * the shape: {"Event": {...}} with uuid, info, date (YYYY-MM-DD, a real
    day), threat_level_id 1-4, analysis 0-2, distribution 0-5 (numbers or
    strings of digits, as MISP writes them), published (boolean), Tag a
    list of {"name": non-empty string}, Attribute and Object lists;
  * every attribute (standalone or in an object) has a uuid, a type, a
    category of MISP's and a non-empty string value, the category being one
    MISP allows for the type (for the types PortSafe writes), and
    distribution 0-5;
  * uuids are unique;
  * every object's name, template_uuid and template_version match an object
    template (definition.json) in the template directories (by default
    tests/testdata/misp-objects and docs/misp), and its meta-category the
    template's; each of its attributes' object_relation is one of the
    template's attributes, with the template's misp-attribute as its type;
    a relation the template does not mark "multiple" appears once; the
    template's `required` relations are all there and at least one of its
    `requiredOneOf`.

Exit status: 0 valid, 1 invalid, 2 unusable input.
"""

import argparse
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_TEMPLATES = [
    os.path.join(REPO, "tests", "testdata", "misp-objects"),
    os.path.join(REPO, "docs", "misp"),
]

# MISP's attribute categories, and the categories each type PortSafe writes
# may have (MISP's describeTypes.json, category_type_mappings).
CATEGORIES = {
    "Antivirus detection", "Artifacts dropped", "Attribution", "External analysis",
    "Financial fraud", "Internal reference", "Network activity", "Other", "Payload delivery",
    "Payload installation", "Payload type", "Persistence mechanism", "Person",
    "Social network", "Support Tool", "Targeting data",
}
TYPE_CATEGORIES = {
    "text": CATEGORIES - {"Targeting data"},
    "phone-number": {"Financial fraud", "Other", "Person"},
    "email-dst": {"Network activity", "Payload delivery", "Social network"},
    "email-src": {"Payload delivery", "Social network"},
    "url": {"External analysis", "Network activity", "Payload delivery"},
    "float": {"Other"},
    "datetime": {"Other"},
    "boolean": {"Other"},
}
UUID_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TAG_NAME = re.compile(r"^\S(.*\S)?$")


def load_templates(dirs):
    templates = {}
    for root in dirs:
        for folder, _, files in os.walk(root):
            if "definition.json" not in files:
                continue
            with open(os.path.join(folder, "definition.json"), encoding="utf-8") as f:
                t = json.load(f)
            templates[t["name"]] = t
    return templates


def small_int(value, low, high):
    if isinstance(value, bool):
        return False
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return isinstance(value, int) and low <= value <= high


def check_attribute(a, where, errors, uuids):
    if not isinstance(a, dict):
        errors.append("%s: not an object" % where)
        return
    for key in ("uuid", "type", "category", "value"):
        if not isinstance(a.get(key), str) or not a.get(key):
            errors.append("%s: %s missing or not a non-empty string" % (where, key))
    u = a.get("uuid")
    if isinstance(u, str):
        if not UUID_TEXT.match(u):
            errors.append("%s: uuid %r is not an RFC 4122 UUID" % (where, u))
        if u in uuids:
            errors.append("%s: uuid %s appears twice" % (where, u))
        uuids.add(u)
    category = a.get("category")
    if category not in CATEGORIES:
        errors.append("%s: %r is not a MISP category" % (where, category))
    allowed = TYPE_CATEGORIES.get(a.get("type"))
    if allowed is not None and category in CATEGORIES and category not in allowed:
        errors.append("%s: type %r may not have category %r" % (where, a.get("type"), category))
    if "distribution" in a and not small_int(a["distribution"], 0, 5):
        errors.append("%s: distribution %r not 0-5" % (where, a["distribution"]))
    if "to_ids" in a and not isinstance(a["to_ids"], bool):
        errors.append("%s: to_ids is not a boolean" % where)


def check_object(o, where, templates, errors, uuids):
    if not isinstance(o, dict):
        errors.append("%s: not an object" % where)
        return
    name = o.get("name")
    t = templates.get(name)
    if t is None:
        errors.append("%s: no template named %r" % (where, name))
        return
    if o.get("template_uuid") != t["uuid"]:
        errors.append("%s: template_uuid %r is not %s's %r" % (where, o.get("template_uuid"), name, t["uuid"]))
    if str(o.get("template_version")) != str(t["version"]):
        errors.append("%s: template_version %r is not %s's %r" % (where, o.get("template_version"), name, t["version"]))
    if "meta-category" in o and o["meta-category"] != t.get("meta-category"):
        errors.append("%s: meta-category %r is not %s's" % (where, o["meta-category"], name))
    u = o.get("uuid")
    if not isinstance(u, str) or not UUID_TEXT.match(u):
        errors.append("%s: uuid %r is not an RFC 4122 UUID" % (where, u))
    elif u in uuids:
        errors.append("%s: uuid %s appears twice" % (where, u))
    else:
        uuids.add(u)
    if "distribution" in o and not small_int(o["distribution"], 0, 5):
        errors.append("%s: distribution %r not 0-5" % (where, o["distribution"]))
    attrs = o.get("Attribute")
    if not isinstance(attrs, list) or not attrs:
        errors.append("%s: no Attribute list" % where)
        return
    seen = {}
    for i, a in enumerate(attrs):
        aw = "%s/Attribute/%d" % (where, i)
        check_attribute(a, aw, errors, uuids)
        if not isinstance(a, dict):
            continue
        relation = a.get("object_relation")
        spec = t["attributes"].get(relation)
        if spec is None:
            errors.append("%s: object_relation %r is not in template %s" % (aw, relation, name))
            continue
        if a.get("type") != spec["misp-attribute"]:
            errors.append("%s: %s's type is %r, the template says %r" % (aw, relation, a.get("type"), spec["misp-attribute"]))
        seen[relation] = seen.get(relation, 0) + 1
        if seen[relation] > 1 and not spec.get("multiple", False):
            errors.append("%s: %s appears more than once and is not multiple" % (aw, relation))
    for relation in t.get("required", []):
        if relation not in seen:
            errors.append("%s: required %r is missing" % (where, relation))
    one_of = t.get("requiredOneOf", [])
    if one_of and not any(r in seen for r in one_of):
        errors.append("%s: none of requiredOneOf %s" % (where, one_of))


def validate(doc, templates):
    errors = []
    if not isinstance(doc, dict) or not isinstance(doc.get("Event"), dict):
        return ['not {"Event": {...}}']
    e = doc["Event"]
    uuids = set()
    u = e.get("uuid")
    if not isinstance(u, str) or not UUID_TEXT.match(u):
        errors.append("Event: uuid %r is not an RFC 4122 UUID" % u)
    else:
        uuids.add(u)
    if not isinstance(e.get("info"), str) or not e.get("info"):
        errors.append("Event: info missing or empty")
    date = e.get("date")
    try:
        if not isinstance(date, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
            raise ValueError
        datetime.date.fromisoformat(date)
    except ValueError:
        errors.append("Event: date %r is not YYYY-MM-DD" % date)
    for key, low, high in (("threat_level_id", 1, 4), ("analysis", 0, 2), ("distribution", 0, 5)):
        if not small_int(e.get(key), low, high):
            errors.append("Event: %s %r is not %d-%d" % (key, e.get(key), low, high))
    if not isinstance(e.get("published"), bool):
        errors.append("Event: published is not a boolean")
    for key in ("Orgc", "Org"):
        if key in e and not (isinstance(e[key], dict) and isinstance(e[key].get("name"), str) and e[key]["name"]):
            errors.append("Event: %s has no name" % key)
    tags = e.get("Tag", [])
    if not isinstance(tags, list):
        errors.append("Event: Tag is not a list")
        tags = []
    for i, tag in enumerate(tags):
        if not isinstance(tag, dict) or not isinstance(tag.get("name"), str) or not TAG_NAME.match(tag["name"]):
            errors.append("Event/Tag/%d: no name" % i)
    for key in ("Attribute", "Object"):
        if not isinstance(e.get(key, []), list):
            errors.append("Event: %s is not a list" % key)
    for i, a in enumerate(e.get("Attribute", []) or []):
        where = "Event/Attribute/%d" % i
        check_attribute(a, where, errors, uuids)
        if isinstance(a, dict) and "object_relation" in a:
            errors.append("%s: a standalone attribute with an object_relation" % where)
    for i, o in enumerate(e.get("Object", []) or []):
        check_object(o, "Event/Object/%d" % i, templates, errors, uuids)
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("event")
    parser.add_argument("--templates", action="append", help="a directory of object templates")
    args = parser.parse_args()
    try:
        templates = load_templates(args.templates or DEFAULT_TEMPLATES)
        with open(args.event, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError, KeyError) as e:
        print("validate_misp: cannot read: %s" % e, file=sys.stderr)
        return 2
    if not templates:
        print("validate_misp: no object templates found", file=sys.stderr)
        return 2
    errors = validate(doc, templates)
    for err in errors:
        print("validate_misp: %s: %s" % (args.event, err), file=sys.stderr)
    if errors:
        print("validate_misp: %s: INVALID (%d problems)" % (args.event, len(errors)), file=sys.stderr)
        return 1
    print("validate_misp: %s: valid" % args.event)
    return 0


if __name__ == "__main__":
    sys.exit(main())
