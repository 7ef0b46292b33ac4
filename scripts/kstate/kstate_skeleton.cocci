// SPDX-License-Identifier: GPL-2.0-only
///
/// Print a KSTATE_DEFINE() skeleton for a structure, so that describing one
/// does not start from a blank page:
///
///   spatch --very-quiet --sp-file THIS_SCRIPT -D structname=NAME FILE.c \
///          [-I include ...]
///
/// Every member gets the field macro its C type suggests; members that need
/// a decision (pointers, lists, xarrays, locks, other structures) get one
/// with a TODO comment, or KSTATE_SKIP(). Review it: keys, versions, what
/// must match and what may be skipped are the describer's choices.
///
// Confidence: Moderate (a skeleton, not a description)
//

@initialize:python@
@@

import re

fields = {}
name = []

INTS = {
    'u8': 'KSTATE_U8', 'u16': 'KSTATE_U16', 'u32': 'KSTATE_U32',
    'u64': 'KSTATE_U64', 's8': 'KSTATE_S8', 's16': 'KSTATE_S16',
    's32': 'KSTATE_S32', 's64': 'KSTATE_S64', '__u8': 'KSTATE_U8',
    '__u16': 'KSTATE_U16', '__u32': 'KSTATE_U32', '__u64': 'KSTATE_U64',
}
SKIP = ('spinlock_t', 'raw_spinlock_t', 'struct mutex', 'struct rw_semaphore',
        'struct rcu_head', 'struct kref', 'refcount_t', 'atomic_t',
        'struct work_struct', 'struct delayed_work', 'struct completion',
        'wait_queue_head_t', 'struct device *', 'struct module *')


def signed(t):
    return re.match(r'(signed |)(char|short|int|long|long long)$', t) or \
        t.startswith('s') and t[1:] in ('8', '16', '32', '64')


def macro(kind, t, m):
    t = re.sub(r'\s+', ' ', t).strip()
    base = re.sub(r'\s*\[.*$', '', t)
    if kind == 'bitfield':
        return 'KSTATE_BITFIELD(%s)' % m
    if kind == 'array':
        if base == 'char':
            return 'KSTATE_STRING(%s)' % m
        if base in ('u8', '__u8', 'unsigned char'):
            return 'KSTATE_BYTES(%s)' % m
        if base == 'bool':
            return 'KSTATE_BOOL_ARRAY(%s)' % m
        if base.startswith('struct ') and not base.endswith('*'):
            return 'KSTATE_STRUCT_ARRAY(%s, %s)' % (m, base[7:])
        if re.match(r'struct \w+ \*$', base):
            return ('KSTATE_PTR_ARRAY(%s, %s)\t/* TODO: described? owned? */'
                    % (m, base[7:-2]))
        return ('KSTATE_SINT_ARRAY(%s)' if signed(base) else
                'KSTATE_UINT_ARRAY(%s)') % m
    if base in SKIP:
        return 'KSTATE_SKIP(%s)' % m
    if base in INTS:
        return '%s(%s)' % (INTS[base], m)
    if base == 'bool':
        return 'KSTATE_BOOL(%s)' % m
    if base == 'struct list_head':
        return 'KSTATE_LIST(%s, TYPE, node)\t/* TODO: or KSTATE_SKIP() */' % m
    if base == 'struct hlist_head':
        return 'KSTATE_HLIST(%s, TYPE, node)\t/* TODO: or KSTATE_SKIP() */' % m
    if base == 'struct hlist_node':
        return 'KSTATE_SKIP(%s)' % m
    if base == 'struct xarray':
        return 'KSTATE_XARRAY(%s, TYPE)\t/* TODO: or KSTATE_XARRAY_VALUE() */' % m
    if base == 'struct page *':
        return 'KSTATE_PAGES(%s, ORDER)\t/* TODO: order */' % m
    if re.match(r'struct \w+ \*$', base):
        return 'KSTATE_PTR(%s, %s)\t/* TODO: described? owned? */' % (m, base[7:-2])
    if base.endswith('*') and base[:-1].strip() in INTS:
        return ('KSTATE_INT_PTR(%s)\t/* TODO: or KSTATE_VARRAY(%s, count) */'
                % (m, m))
    if re.match(r'struct \w+$', base):
        return 'KSTATE_STRUCT(%s, %s)' % (m, base[7:])
    if re.match(r'(unsigned |signed |)(char|short|int|long|long long)$', base) or \
            base in ('unsigned', 'size_t', 'pid_t', 'phys_addr_t', 'dma_addr_t'):
        return ('KSTATE_SINT(%s)' if signed(base) else 'KSTATE_UINT(%s)') % m
    return 'KSTATE_SKIP(%s)\t/* TODO: %s */' % (m, t)

@plain@
identifier virtual.structname;
identifier fld;
type T;
position p;
@@

struct structname { ... T fld@p; ... };

@script:python@
fld << plain.fld;
T << plain.T;
p << plain.p;
@@

fields.setdefault((int(p[0].line), int(p[0].column), fld), ('plain', T))

@array@
identifier virtual.structname;
identifier fld;
type T;
expression E;
position p;
@@

struct structname { ... T fld@p[E]; ... };

@script:python@
fld << array.fld;
T << array.T;
p << array.p;
@@

fields[(int(p[0].line), int(p[0].column), fld)] = ('array', T)

@bits@
identifier virtual.structname;
identifier fld;
type T;
expression E;
position p;
@@

struct structname { ... T fld@p : E; ... };

@script:python@
fld << bits.fld;
T << bits.T;
p << bits.p;
@@

fields[(int(p[0].line), int(p[0].column), fld)] = ('bitfield', T)

@script:python@
s << virtual.structname;
@@

name.append(s)

@finalize:python@
@@

if fields and name:
    name = name[0]
    lines = [macro(k, t, f[2]) for f, (k, t) in sorted(fields.items())]
    print('KSTATE_DEFINE(%s, struct %s,' % (name, name))
    print('\t      KSTATE_VERSION(1),')
    for i, l in enumerate(lines):
        m = re.match(r'(.*?)(\t/\*.*)?$', l)
        print('\t      %s%s%s' % (m.group(1), ');' if i == len(lines) - 1 else ',',
                                  m.group(2) or ''))
