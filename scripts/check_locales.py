#!/usr/bin/env python3
"""Checks translations in locales/ against the English file: same keys, same placeholders, and
plural blocks with every category each language needs. Exits 1 when anything is wrong.

Usage: scripts/check_locales.py [LOCALES_DIR] [--en EN_JSON] [--dialogs DIR] [--lang xx] [--quiet]
Button labels (keys used as "label"/"choice_label" in dialogs) over 20 characters are warnings,
over 64 problems.
"""

import argparse
import json
import pathlib
import re
import sys

# CLDR plural categories (as used by ICU 72) that a plural block must cover for each language.
CARDINAL_CATEGORIES = {
    "en": {"one", "other"},
    "bg": {"one", "other"},
    "ar": {"zero", "one", "two", "few", "many", "other"},
    "fa": {"one", "other"},
    "uk": {"one", "few", "many", "other"},
    "ru": {"one", "few", "many", "other"},
}
ORDINAL_CATEGORIES = {
    "en": {"one", "two", "few", "other"},
    "bg": {"other"},
    "ar": {"other"},
    "fa": {"other"},
    "uk": {"few", "other"},
    "ru": {"other"},
}
# Categories that hold exactly one integer, so an explicit "=n" selector covers them.
SINGLE_VALUE_CATEGORIES = {
    "en": {"one": "=1"},
    "bg": {"one": "=1"},
    "ar": {"zero": "=0", "one": "=1", "two": "=2"},
}
# Languages this project ships besides English; a missing file is a problem.
SHIPPED = ["bg", "ar", "fa", "uk", "ru"]
# '|'-separated word lists: each entry must be non-empty.
WORD_LIST_KEYS = re.compile(r"^(words\.[a-z_]+|crisis\.words|.*\.keywords)$")

# Button labels: short enough for a phone; the engine's validator refuses more than 64.
LABEL_AIM = 20
LABEL_ERROR = 64
# Fields of dialog scripts whose value is the locale key of a button label.
LABEL_FIELDS = ("label", "choice_label")

IDENTIFIER = re.compile(r"[^\s,{}#'|=]+")


class PatternError(Exception):
    pass


class Argument:
    """One {name, type, ...} in a MessageFormat pattern; branches for plural/select kinds."""

    def __init__(self, name, kind):
        self.name = name
        self.kind = kind
        self.branches = {}  # selector -> list of Argument


def _skip_space(s, i):
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def _skip_quoted(s, i, in_plural):
    """At an apostrophe; returns the index after it (and after its quoted text, if any).
    ICU's default apostrophe mode: '' is a literal apostrophe, and a single apostrophe only
    starts quoting before a brace (or '#' inside a plural branch)."""
    if i + 1 < len(s) and s[i + 1] == "'":
        return i + 2
    if i + 1 < len(s) and (s[i + 1] in "{}" or (in_plural and s[i + 1] == "#")):
        j = i + 1
        while j < len(s):
            if s[j] == "'":
                if j + 1 < len(s) and s[j + 1] == "'":
                    j += 2
                    continue
                return j + 1
            j += 1
        raise PatternError("apostrophe at %d starts a quotation that never ends" % i)
    return i + 1


def _parse_message(s, i, nested, in_plural, out):
    while i < len(s):
        c = s[i]
        if c == "'":
            i = _skip_quoted(s, i, in_plural)
        elif c == "{":
            i = _parse_argument(s, i, out)
        elif c == "}":
            if nested:
                return i
            raise PatternError("unmatched '}' at %d" % i)
        else:
            i += 1
    if nested:
        raise PatternError("a '{' is never closed")
    return i


def _parse_argument(s, i, out):
    start = i
    i = _skip_space(s, i + 1)
    m = IDENTIFIER.match(s, i)
    if not m:
        raise PatternError("argument at %d has no name" % start)
    name = m.group(0)
    i = _skip_space(s, m.end())
    if i < len(s) and s[i] == "}":
        out.append(Argument(name, "simple"))
        return i + 1
    if i >= len(s) or s[i] != ",":
        raise PatternError("argument {%s at %d: expected ',' or '}'" % (name, start))
    i = _skip_space(s, i + 1)
    m = IDENTIFIER.match(s, i)
    if not m:
        raise PatternError("argument {%s at %d has no type" % (name, start))
    kind = m.group(0)
    arg = Argument(name, kind)
    out.append(arg)
    i = _skip_space(s, m.end())
    if i < len(s) and s[i] == "}":
        if kind in ("plural", "selectordinal", "select"):
            raise PatternError("{%s, %s} has no branches" % (name, kind))
        return i + 1
    if i >= len(s) or s[i] != ",":
        raise PatternError("argument {%s at %d: expected ',' or '}' after type" % (name, start))
    i += 1
    if kind in ("plural", "selectordinal", "select"):
        return _parse_branches(s, i, arg)
    # number/date/time style: skip to the matching brace, honouring quotes and nesting.
    depth = 0
    while i < len(s):
        if s[i] == "'":
            i = _skip_quoted(s, i, False)
            continue
        if s[i] == "{":
            depth += 1
        elif s[i] == "}":
            if depth == 0:
                return i + 1
            depth -= 1
        i += 1
    raise PatternError("argument {%s at %d is never closed" % (name, start))


def _parse_branches(s, i, arg):
    first = True
    while True:
        i = _skip_space(s, i)
        if i >= len(s):
            raise PatternError("{%s, %s} is never closed" % (arg.name, arg.kind))
        if s[i] == "}":
            if not arg.branches:
                raise PatternError("{%s, %s} has no branches" % (arg.name, arg.kind))
            return i + 1
        if first and arg.kind != "select":
            m = re.compile(r"offset\s*:\s*\d+").match(s, i)
            if m:
                i = m.end()
                first = False
                continue
        first = False
        m = re.compile(r"=-?\d+(\.\d+)?|[^\s{}]+").match(s, i)
        if not m:
            raise PatternError("{%s, %s}: bad selector at %d" % (arg.name, arg.kind, i))
        selector = m.group(0)
        i = _skip_space(s, m.end())
        if i >= len(s) or s[i] != "{":
            raise PatternError(
                "{%s, %s}: selector '%s' needs a {message}" % (arg.name, arg.kind, selector)
            )
        if selector in arg.branches:
            raise PatternError("{%s, %s}: selector '%s' twice" % (arg.name, arg.kind, selector))
        branch = []
        end = _parse_message(s, i + 1, True, arg.kind != "select", branch)
        arg.branches[selector] = branch
        i = end + 1


def parse_pattern(s):
    """Returns the top-level arguments of a MessageFormat pattern, or raises PatternError."""
    out = []
    _parse_message(s, 0, False, False, out)
    return out


def walk(args):
    for a in args:
        yield a
        for branch in a.branches.values():
            yield from walk(branch)


def placeholder_kinds(args):
    """name -> set of kinds (simple, number, plural, ...) used anywhere in the pattern."""
    kinds = {}
    for a in walk(args):
        kinds.setdefault(a.name, set()).add(a.kind)
    return kinds


def plural_problems(args, lang):
    problems = []
    for a in walk(args):
        if a.kind not in ("plural", "selectordinal"):
            continue
        table = CARDINAL_CATEGORIES if a.kind == "plural" else ORDINAL_CATEGORIES
        required = table.get(lang)
        if required is None:
            continue
        keywords = {k for k in a.branches if not k.startswith("=")}
        exact = SINGLE_VALUE_CATEGORIES.get(lang, {}) if a.kind == "plural" else {}
        missing = sorted(
            c for c in required if c not in keywords and exact.get(c) not in a.branches
        )
        unused = sorted(keywords - required)
        if missing:
            problems.append("{%s, %s} lacks %s" % (a.name, a.kind, ", ".join(missing)))
        if unused:
            problems.append(
                "{%s, %s} has %s, not a %s category" % (a.name, a.kind, ", ".join(unused), lang)
            )
    return problems


def select_problems(en_args, tr_args):
    en_selects = {a.name: set(a.branches) for a in walk(en_args) if a.kind == "select"}
    problems = []
    for a in walk(tr_args):
        if a.kind != "select":
            continue
        if "other" not in a.branches:
            problems.append("{%s, select} lacks 'other'" % a.name)
        missing = sorted(en_selects.get(a.name, set()) - set(a.branches))
        if missing:
            problems.append("{%s, select} lacks %s (English has them)" % (a.name, ", ".join(missing)))
    return problems


def label_keys(dialogs_dir):
    """Locale keys that dialog scripts use as button labels (choices, yes/no texts)."""
    keys = set()

    def visit(node, parent_key):
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str) and (k in LABEL_FIELDS or
                                           (parent_key == "texts" and k in ("yes", "no"))):
                    keys.add(v)
                else:
                    visit(v, k)
        elif isinstance(node, list):
            for v in node:
                visit(v, parent_key)

    for path in sorted(pathlib.Path(dialogs_dir).rglob("*.json")):
        try:
            with open(path, encoding="utf-8") as f:
                visit(json.load(f), None)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue  # the engine's own validator reports broken scripts
    return keys


def load_json(path, problems):
    def no_duplicates(pairs):
        seen = {}
        for k, v in pairs:
            if k in seen:
                problems.append("%s: key %s appears twice" % (path, k))
            seen[k] = v
        return seen

    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f, object_pairs_hook=no_duplicates)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        problems.append("%s: cannot read: %s" % (path, e))
        return None
    if not isinstance(data, dict):
        problems.append("%s: top level is not an object" % path)
        return None
    return data


def check_meta(path, data, problems):
    meta = data.get("_meta")
    if not isinstance(meta, dict):
        problems.append("%s: /_meta missing or not an object" % path)
        return
    if not isinstance(meta.get("name"), str) or not meta["name"].strip():
        problems.append("%s: /_meta/name missing" % path)
    if meta.get("direction") not in ("ltr", "rtl"):
        problems.append("%s: /_meta/direction must be ltr or rtl" % path)


def messages(data):
    return {k: v for k, v in data.items() if k != "_meta"}


def check_language(lang, path, en, en_parsed, labels, problems, warnings):
    data = load_json(path, problems)
    if data is None:
        return 0
    check_meta(path, data, problems)
    tr = messages(data)
    for key in sorted(set(en) - set(tr)):
        problems.append("%s: missing key %s" % (lang, key))
    for key in sorted(set(tr) - set(en)):
        problems.append("%s: extra key %s" % (lang, key))
    for key, value in tr.items():
        if not isinstance(value, str):
            problems.append("%s: %s is not a string" % (lang, key))
            continue
        if not value.strip():
            problems.append("%s: %s is empty" % (lang, key))
            continue
        try:
            tr_args = parse_pattern(value)
        except PatternError as e:
            problems.append("%s: %s: %s" % (lang, key, e))
            continue
        for p in plural_problems(tr_args, lang):
            problems.append("%s: %s: %s" % (lang, key, p))
        if WORD_LIST_KEYS.match(key) and any(not w.strip() for w in value.split("|")):
            problems.append("%s: %s has an empty '|' entry" % (lang, key))
        if key not in en_parsed:
            continue
        en_kinds = placeholder_kinds(en_parsed[key])
        tr_kinds = placeholder_kinds(tr_args)
        for name in sorted(set(en_kinds) - set(tr_kinds)):
            problems.append("%s: %s: placeholder {%s} missing" % (lang, key, name))
        for name in sorted(set(tr_kinds) - set(en_kinds)):
            problems.append("%s: %s: placeholder {%s} not in English" % (lang, key, name))
        for name in sorted(set(en_kinds) & set(tr_kinds)):
            if en_kinds[name] != tr_kinds[name]:
                problems.append(
                    "%s: %s: {%s} is %s in English but %s here"
                    % (lang, key, name, "/".join(sorted(en_kinds[name])),
                       "/".join(sorted(tr_kinds[name])))
                )
        for p in select_problems(en_parsed[key], tr_args):
            problems.append("%s: %s: %s" % (lang, key, p))
        if key in labels:
            if len(value) > LABEL_ERROR:
                problems.append("%s: %s: button label of %d characters (at most %d)"
                                % (lang, key, len(value), LABEL_ERROR))
            elif len(value) > LABEL_AIM:
                warnings.append("%s: %s: button label of %d characters (aim for %d)"
                                % (lang, key, len(value), LABEL_AIM))
    return len(tr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locales", nargs="?", default=None, help="folder of <lang>.json files")
    parser.add_argument("--en", help="English file to compare with (default LOCALES/en.json)")
    parser.add_argument("--dialogs", help="dialog scripts, to find button labels "
                        "(default: the checkout's dialogs/ when present)")
    parser.add_argument("--lang", action="append", help="only these languages")
    parser.add_argument("--quiet", action="store_true", help="no warnings")
    opts = parser.parse_args()

    root = pathlib.Path(__file__).resolve().parent.parent
    locales = pathlib.Path(opts.locales) if opts.locales else root / "locales"
    en_path = pathlib.Path(opts.en) if opts.en else locales / "en.json"

    dialogs = pathlib.Path(opts.dialogs) if opts.dialogs else root / "dialogs"
    labels = label_keys(dialogs) if dialogs.is_dir() else set()

    problems, warnings = [], []
    en_data = load_json(en_path, problems)
    if en_data is None:
        print("\n".join(problems))
        return 1
    check_meta(en_path, en_data, problems)
    en = messages(en_data)
    en_parsed = {}
    for key, value in en.items():
        if not isinstance(value, str):
            problems.append("en: %s is not a string" % key)
            continue
        try:
            en_parsed[key] = parse_pattern(value)
        except PatternError as e:
            problems.append("en: %s: %s" % (key, e))
            continue
        for p in plural_problems(en_parsed[key], "en"):
            problems.append("en: %s: %s" % (key, p))

    if opts.lang:
        langs = opts.lang
    else:
        found = {p.stem for p in locales.glob("*.json")} - {"en"}
        langs = sorted(found | set(SHIPPED))
    summary = []
    for lang in langs:
        path = locales / ("%s.json" % lang)
        if not path.exists():
            problems.append("%s: no file %s" % (lang, path))
            continue
        before = len(problems)
        count = check_language(lang, path, en, en_parsed, labels, problems, warnings)
        summary.append("%s: %d keys, %s" % (lang, count,
                                           "OK" if len(problems) == before else
                                           "%d problems" % (len(problems) - before)))

    for line in problems:
        print(line)
    if not opts.quiet:
        for line in warnings:
            print("warning: " + line)
    print("English: %d keys from %s" % (len(en), en_path))
    for line in summary:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
