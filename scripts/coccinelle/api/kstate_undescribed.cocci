// SPDX-License-Identifier: GPL-2.0-only
///
/// Every member of a structure described with KSTATE_DEFINE() in the same
/// file is described by a field macro or named in KSTATE_SKIP(): a member
/// added later without either would silently not be handed over to the
/// next kernel. KUnit and test files (*_kunit.c, *_test.c, test_*.c)
/// describe partial types on purpose and are not checked.
///
// Confidence: Moderate
// Options: --no-includes --include-headers
//

virtual report

@initialize:python@
@@

import os
import re

members = {}

# type attributes: not members
ATTRS = {'KSTATE_VERSION', 'KSTATE_MIN_VERSION', 'KSTATE_OPS', 'KSTATE_NAME'}


def top_args(text):
    """The comma-separated arguments of a macro call's text, at depth 0."""
    out, depth, cur = [], 0, ''
    for ch in text:
        if ch == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
            continue
        depth += ch in '([{'
        depth -= ch in ')]}'
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def described(args):
    """Members named first by the field macros, and those skipped."""
    names = set()
    for a in args:
        m = re.match(r'(KSTATE_[A-Z0-9_]+)\s*\((.*)\)\s*$', a, re.S)
        if not m or m.group(1) in ATTRS:
            continue
        inner = top_args(m.group(2))
        if m.group(1) == 'KSTATE_SKIP':
            names.update(re.split(r'[.\[ ]', x)[0] for x in inner)
        elif inner:
            names.add(re.split(r'[.\[ ]', inner[0])[0])
    return names


def is_test(path):
    b = os.path.basename(path)
    return b.endswith('_kunit.c') or b.endswith('_test.c') or b.startswith('test_')

@memb depends on report@
identifier S, fld;
type T;
position p;
@@

struct S { ... T fld@p; ... };

@script:python@
S << memb.S;
fld << memb.fld;
p << memb.p;
@@

members.setdefault((p[0].file, S), set()).add(fld)

@bitmemb depends on report@
identifier S, fld;
type T;
expression E;
position p;
@@

struct S { ... T fld@p : E; ... };

@script:python@
S << bitmemb.S;
fld << bitmemb.fld;
p << bitmemb.p;
@@

members.setdefault((p[0].file, S), set()).add(fld)

@def depends on report@
declarer name KSTATE_DEFINE;
identifier n;
expression list es;
position p;
@@

KSTATE_DEFINE@p(n, es);

@script:python@
n << def.n;
es << def.es;
p << def.p;
@@

# in the file's own pass (the rules above ran on it): no finalize, which
# make coccicheck's parallel jobs would run apart from the matches
args = top_args(str(es))
m = re.match(r'struct\s+(\w+)$', args[0]) if args else None
key = (p[0].file, m.group(1)) if m else None
if key in members and not is_test(p[0].file):
    for fld in sorted(members[key] - described(args[1:])):
        coccilib.report.print_report(p[0],
            "ERROR: member %s of struct %s is neither described nor "
            "skipped (KSTATE_SKIP(%s)) in KSTATE_DEFINE(%s)"
            % (fld, m.group(1), fld, n))
