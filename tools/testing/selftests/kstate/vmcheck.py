#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Check one QEMU run of the KSTATE handover test (see vmtest.sh): the first
# kernel's log in RUN_DIR/a.log, the next kernel's in RUN_DIR/b.log, each
# with the debugfs dumps /init printed between "KSTATE-VM: begin PATH" and
# "KSTATE-VM: end PATH". Prints one "ok - ..." or "not ok - ..." per case.
#
# Usage: vmcheck.py RUN_DIR same|upgrade|rollback|critical

import os
import re
import subprocess
import sys
import tempfile
import json

TAG = 'KSTATE-VM: '
DBG = '/sys/kernel/debug/kstate/'
ENVELOPE = '/sys/kernel/debug/kho/in/sub_fdts/kstate'

# The documented conversion between the two generations of the test state
# (lib/test_kstate.c): renamed fields (generation-1 name ->
# generation-2 name), fields only generation 2 has with the value a
# generation-1 writer's objects get, fields only generation 1 has with the
# value a generation-2 writer's objects get.
RENAMED = {('kgt_dev', 'irq'): 'irq_vector'}
GEN2_ONLY = {('kgt_dev', 'bars[4]'): '0', ('kgt_dev', 'bars[5]'): '0',
             ('kgt_domain', 'pasid_bits'): '20'}
GEN1_ONLY = {('kgt_dev', 'legacy'): '0'}
# Registered only by some kernels: compared through restore status instead.
SKIP_TYPES = {'kgt_feature'}
# PCI devices: read back from the hardware by the next kernel, checked by
# pci_checks() instead.
PCI_TYPES = {'pci_dev', 'pci_resource', 'pci_cap_saved', 'pci_sriov'}
# VT-d: adopted by the next kernel, not handed over again; vtd_checks().
VTD_TYPES = {'intel_iommu', 'dmar_domain', 'iommu_domain_info',
             'device_domain_info', 'vtd_test'}
# What the VT-d test driver (drivers/iommu/intel/kstate_edu_test.c) logs
VTD_A = ['A: edu DMA through the paging domain',
         'A: domain, device and buffers preserved']
VTD_B = ['B: buffers taken back',
         'B: the DMA edu started at A\'s shutdown landed in A\'s buffer',
         'B: the adopted tables translate A\'s IOVAs to A\'s buffers',
         'B: edu DMA through the adopted tables, A\'s data',
         'B: domain restored, edu attached to it',
         'B: the restored domain translates as A\'s did',
         'B: new mapping in the restored domain, edu DMA through it',
         'B: A\'s mappings still used after the attach']

# VFIO: restored when the VMM opens the retrieved device; vfio_checks()
VFIO_TYPES = {'vfio_pci_core_device'}
VFIO = TAG + 'vfio '

BAD = re.compile(r'Kernel panic|Oops|BUG:|WARNING:|UBSAN:|KASAN:')

results = []


def case(name, ok, why=''):
    results.append((name, ok, why))


def sections(log):
    """Map PATH -> list of lines of each dumped file."""
    out, cur = {}, None
    for line in log:
        if line.startswith(TAG + 'begin '):
            cur = line[len(TAG + 'begin '):]
            out[cur] = []
        elif line.startswith(TAG + 'end '):
            cur = None
        elif cur is not None:
            if line.startswith(TAG + 'hex '):
                out[cur].append(line[len(TAG + 'hex '):])
            elif not line.startswith('[') and not line.startswith(TAG):
                out[cur].append(line)
    return out


def read(path):
    try:
        with open(path, errors='replace') as f:
            return [l.rstrip('\r\n') for l in f]
    except OSError:
        return []


def parse_dump(lines):
    """A dump as {(object, path): value}, anonymous objects renumbered.

    Anonymous objects are named TYPE#INDEX by their index in the writer's
    object table, which shifts with the number of keyed objects: number them
    per type in table order instead. Object header lines ("OBJ vN status")
    become (OBJ, '') -> status, without the version.
    """
    anon = {}
    for l in lines:
        for t, i in re.findall(r'([A-Za-z_0-9]+)#(\d+)', l):
            anon.setdefault(t, set()).add(int(i))
    ren = {}
    for t, idx in anon.items():
        for n, i in enumerate(sorted(idx)):
            ren['%s#%d' % (t, i)] = '%s#%d' % (t, n)

    def norm(s):
        return re.sub(r'[A-Za-z_0-9]+#\d+', lambda m: ren[m.group(0)], s)

    d = {}
    for l in lines:
        if not l or l.startswith('#'):
            continue
        l = norm(l)
        if ' = ' in l:
            lhs, val = l.split(' = ', 1)
            m = re.match(r'([^.]+)\.(.*)', lhs)
            if m:
                d[(m.group(1), m.group(2))] = val
        else:
            parts = l.split(' ')
            d[(parts[0], '')] = ' '.join(parts[2:])
    return d


def typ(obj):
    return re.match(r'[A-Za-z_0-9]+', obj).group(0)


def convert(d, frm, to):
    """Apply the documented conversion to dump @d of generation @frm."""
    if frm == to:
        return dict(d)
    out = {}
    for (obj, path), val in d.items():
        t = typ(obj)
        head = re.match(r'[^.\[]+', path).group(0) if path else ''
        tail = path[len(head):]
        if frm == 1:
            if (t, path) in GEN1_ONLY:
                continue
            head = RENAMED.get((t, head), head)
        else:
            if (t, path) in GEN2_ONLY:
                continue
            back = {v: k[1] for k, v in RENAMED.items() if k[0] == t}
            head = back.get(head, head)
        out[(obj, head + tail)] = val
    objs = {obj for (obj, path) in d if path == ''}
    added = GEN2_ONLY if to == 2 else GEN1_ONLY
    for obj in objs:
        for (t, path), val in added.items():
            if typ(obj) == t:
                out[(obj, path)] = val
    return out


def strip(d):
    return {k: v for k, v in d.items()
            if typ(k[0]) not in SKIP_TYPES | PCI_TYPES | VTD_TYPES | VFIO_TYPES}


PCI_LINE = re.compile(re.escape(TAG) + r'pci (\S+) (\S+) vf=(\d) cmd=([0-9a-f]+) '
                      r'intline=([0-9a-f]+) msi=(\S) override=(\S*) numvfs=(\S+) bar0=(\S*)')


def pci_devices(log):
    out = {}
    for l in log:
        m = PCI_LINE.match(l)
        if m:
            out[m.group(1)] = dict(zip(('id', 'vf', 'cmd', 'intline', 'msi',
                                        'override', 'numvfs', 'bar0'),
                                       m.groups()[1:]))
    return out


def type_version(sec, name):
    for l in sec.get(DBG + 'schema', []):
        m = re.match(r'type %s v(\d+) ' % name, l)
        if m:
            return int(m.group(1))
    return None


def pci_version(sec):
    return type_version(sec, 'pci_dev')


VTD_LINE = re.compile(r'kstate-vtd-test: (ok|not ok) (.*)$')
VTD_MAP = re.compile(r'kstate-vtd-test: (?:A:|B: walk:) iova (\S+) -> phys (\S+), '
                     r'iova (\S+) -> phys (\S+)')


def vtd_checks(name, a_log, b_log, a, b, gens):
    """The edu device A kept translating, as B adopts and uses its tables."""
    m = [re.search(r'\(intel_iommu v(\d+), written by v(\d+)\)', l) for l in b_log]
    m = [x for x in m if x]
    vers = (type_version(a, 'intel_iommu'),
            int(m[0].group(2)) if m else None, int(m[0].group(1)) if m else None)
    case('%s: vtd: A describes intel_iommu v%s, B adopted its v%s as v%s' % ((name,) + vers),
         vers == (gens[0],) + gens, 'want v%d -> v%d' % gens)
    for log, want in ((a_log, VTD_A), (b_log, VTD_B)):
        got = dict(reversed(m.groups()) for m in map(VTD_LINE.search, log) if m)
        for what in want:
            case('%s: vtd: %s' % (name, what), got.get(what) == 'ok',
                 'the test driver said %s' % got[what] if what in got
                 else 'not reached')
    status = [l.split() for l in b.get(DBG + 'vtd/status', [])[1:]]
    adopted = any('adopted the previous kernel\'s root table' in l for l in b_log)
    off = [l for l in b_log if 'Translation was enabled for' in l or
           'Translation already enabled' in l]
    case('%s: vtd: B adopted the unit\'s tables, translation never switched off' % name,
         adopted and not off and any(len(s) > 3 and s[3] == 'adopted' for s in status),
         '; '.join(off + [' '.join(s) for s in status]) or 'no vtd/status')
    key = next((k for k in a if k.endswith('/domain_translation_struct')), None)
    ta, tb = a.get(key, []), b.get(key, [])
    extra = [l for l in tb if l not in ta]
    case('%s: vtd: VT-d debugfs shows the same translation for the device in B '
         '(plus B\'s new mapping)' % name,
         any(l.startswith('0x0000000000100 ') for l in ta) and
         all(l in tb for l in ta) and len(extra) == 1 and
         extra[0].startswith('0x0000000000300 '),
         'A %d lines, B %d lines, B extra %s' % (len(ta), len(tb), extra[:2]))
    # A's other devices (e1000e, NVMe, the first edu) had entries too: A
    # cleared them at shutdown, so B adopts the test edu's domain id only
    # (and VFIO's device, when VFIO kept its domain too)
    dids = 1 + any('vfio: preserved for the live update, with its IOMMU domain' in l
                   for l in a_log)
    units = [s for s in status if len(s) > 6 and s[3] == 'adopted']
    case('%s: vtd: A cleared the entries of the devices it did not preserve '
         '(B adopted %d domain ids)' % (name, dids),
         len(units) == 1 and units[0][6] == str(dids),
         '; '.join(' '.join(s) for s in status) or 'no vtd/status')
    case('%s: vtd: B\'s debugfs lists the device restored in its domain' % name,
         any(len(s) == 3 and s[1:] == ['1', 'restored'] for s in status),
         '; '.join(' '.join(s) for s in status) or 'no vtd/status')
    am = [m.groups() for m in map(VTD_MAP.search, a_log) if m]
    bm = [m.groups() for m in map(VTD_MAP.search, b_log) if m]
    case('%s: vtd: B\'s software walk gives the physical addresses A mapped' % name,
         len(am) == 1 and am == bm, 'A %s, B %s' % (am, bm))


def vfio_lines(log, prefix):
    return [l[len(VFIO):] for l in log if l.startswith(VFIO + prefix)]


def l_is_kmsg(l):
    return l.startswith(TAG + 'kmsg ')


def vfio_kmsg(log, what):
    return any(l.startswith(TAG + 'kmsg ') and what in l for l in log)


def vfio_status(sec):
    """debugfs kstate/vfio/status as {device: [state, opens, dma, cmd, vconfig, saved]}"""
    return {s[0]: s[1:] for s in (l.split() for l in sec.get(DBG + 'vfio/status', [])[1:])
            if len(s) >= 7}


def vfio_checks(name, a_log, b_log, a, b, gens):
    """The edu device a VMM kept open across the kexec through a LUO session."""
    kept = [re.search(r'vfio: kept as vfio_pci_core_device v(\d+): not reset, '
                      r'bus mastering (on|off)', l) for l in b_log]
    kept = [m for m in kept if m and l_is_kmsg(m.string)]
    vers = (type_version(a, 'vfio_pci_core_device'), int(kept[0].group(1)) if kept else None)
    case('%s: vfio: A describes vfio_pci_core_device v%s, B v%s' % ((name,) + vers),
         vers == gens, 'want v%d -> v%d' % gens)
    bound = [l.split() for l in a_log if l.startswith(VFIO) and ' driver ' in l]
    edu = bound[0][2] if bound else None
    case('%s: vfio: A bound edu to vfio-pci; the VMM bound it to an iommufd and '
         'DMAed through its IOAS' % name,
         edu is not None and bound[0][-1] == 'vfio-pci' and
         bool(vfio_lines(a_log, 'bound devid')) and
         vfio_lines(a_log, 'dma in A: ') == ['dma in A: copied'],
         '; '.join(vfio_lines(a_log, '')[:6]) or 'no vfio lines')
    ref = vfio_lines(a_log, 'preserve with INTx enabled: ')
    case('%s: vfio: preserving with INTx enabled is refused before the blackout, '
         'the kernel says why' % name,
         ref == ['preserve with INTx enabled: refused (Device or resource busy)'] and
         vfio_kmsg(a_log, 'vfio: cannot be preserved: interrupts are enabled'),
         '; '.join(ref) or 'no refusal line')
    case('%s: vfio: A preserved the device file and guest memory in a LUO session'
         % name,
         bool(vfio_lines(a_log, 'preserved device and memory')) and
         vfio_kmsg(a_log, 'vfio: preserved for the live update, with its IOMMU domain') and
         TAG + 'vfio stage 1: exit 0' in a_log,
         '; '.join(vfio_lines(a_log, 'error') + vfio_lines(a_log, 'stage')) or
         'no "preserved" line')
    bb = [l.split() for l in b_log if l.startswith(VFIO) and ' driver ' in l]
    case('%s: vfio: B bound vfio-pci by the restored driver_override and kept the '
         'device in D0 until retrieved' % name,
         bool(bb) and bb[0][2] == edu and bb[0][-1] == 'vfio-pci' and
         any('vfio state of the previous kernel: kept in D0 until retrieved' in l
             for l in b_log),
         ' '.join(bb[0]) if bb else 'no driver line in B')
    case('%s: vfio: B retrieved the device file and guest memory, as A left it' % name,
         bool(vfio_lines(b_log, 'retrieved device and memory')) and
         vfio_lines(b_log, 'guest memory: ') == ['guest memory: as A left it'],
         '; '.join(vfio_lines(b_log, 'error') + vfio_lines(b_log, 'guest')) or
         'no "retrieved" line')
    hw = [int(l.split()[-1], 16) for l in vfio_lines(b_log, 'hw command ')]
    case('%s: vfio: not reset: bus mastering on before and after B\'s open, '
         'the kernel kept the device' % name,
         len(hw) == 2 and all(c & 4 for c in hw) and
         bool(kept) and kept[0].group(2) == 'on',
         'B hw command %s' % ['%#x' % c for c in hw])
    ca, cb = vfio_lines(a_log, 'config '), vfio_lines(b_log, 'config ')
    mark = [l for l in ca if l.startswith('config 30:')]
    case('%s: vfio: the guest\'s config space in B equals A\'s (256 bytes, '
         'interrupt line 5a)' % name,
         len(ca) == 16 and ca == cb and bool(mark) and mark[0].split()[14] == '5a',
         'differs: %s' % ['A %s / B %s' % x for x in zip(ca, cb) if x[0] != x[1]][:2]
         if ca != cb else 'A %d lines, marker %s' % (len(ca), mark))
    sa, sb = vfio_status(a).get(edu), vfio_status(b).get(edu)
    ea, eb = vfio_lines(a_log, 'edu '), vfio_lines(b_log, 'edu ')
    case('%s: vfio: edu\'s registers kept (liveness, factorial 10! = 3628800)' % name,
         len(ea) == 1 and ea == eb and ea[0].endswith('factorial 3628800'),
         'A %s, B %s' % (ea, eb))
    case('%s: vfio: DMA through A\'s IOMMU domain in B, before the VMM attached, '
         'landed in guest memory (the domain taken back at the retrieve)' % name,
         vfio_lines(b_log, 'dma before the VMM attached: ') ==
         ['dma before the VMM attached: landed in guest memory through A\'s IOMMU domain'] and
         vfio_kmsg(b_log, 'vfio: translated through the previous kernel\'s IOMMU domain') and
         bool(sa) and bool(sb) and sa[2] == 'kept' and sb[2] == 'kept',
         '; '.join(vfio_lines(b_log, 'dma')) or 'no DMA line')
    case('%s: vfio: edu\'s DMA in B, through the new IOAS, brings A\'s buffer' % name,
         vfio_lines(b_log, 'dma in B: ') == ['dma in B: edu\'s buffer of A copied'],
         '; '.join(vfio_lines(b_log, 'dma')) or 'no DMA line')
    case('%s: vfio: debugfs: preserved in A, kept in B with A\'s config space '
         'and saved PCI state (checksums)' % name,
         bool(sa) and bool(sb) and sa[0] == 'preserved' and sb[0] == 'kept' and
         sa[4:6] == sb[4:6] and sa[4] != '00000000',
         'A %s, B %s' % (sa, sb))
    a_out = parse_dump(a.get(DBG + 'outgoing', []))
    b_in = parse_dump(b.get(DBG + 'incoming', []))
    rec = lambda d: {k: v for k, v in d.items() if typ(k[0]) in VFIO_TYPES and k[1]}
    ra, rb = rec(a_out), rec(b_in)
    st = [v for k, v in b_in.items() if typ(k[0]) in VFIO_TYPES and k[1] == '']
    case('%s: vfio: B received the vfio_pci_core_device record A sent, and '
         'restored it' % name,
         bool(ra) and ra == rb and len(st) == 1 and st[0].endswith('restored'),
         'A %d lines, B %d lines, status %s' % (len(ra), len(rb), st))
    case('%s: vfio: B finished the LUO session' % name,
         bool(vfio_lines(b_log, 'session finished')) and
         TAG + 'vfio stage 2: exit 0' in b_log,
         '; '.join(vfio_lines(b_log, 'error') + vfio_lines(b_log, 'stage')) or
         'no "session finished" line')


def pci_checks(name, a_log, b_log, a, b, gens):
    """The PCI devices A preserved, as B finds them with no userspace action."""
    a_dev, b_dev = pci_devices(a_log), pci_devices(b_log)
    vers = (pci_version(a), pci_version(b))
    case('%s: pci: A describes pci_dev v%s, B v%s' % ((name,) + vers),
         vers == gens, 'want v%d -> v%d' % gens)
    preserved = [l.split()[-1] for l in a_log if l.startswith(TAG + 'pci preserved ')]
    case('%s: pci: A enabled 4 VFs, wrote the marker and preserved 3 devices' % name,
         len(preserved) == 3 and any('pci 4 VFs enabled' in l for l in a_log) and
         any('pci marker written' in l for l in a_log),
         '; '.join(l[len(TAG):] for l in a_log if l.startswith(TAG + 'pci ') and
                   'pci 0' not in l[:len(TAG) + 5]) or 'no pci lines')
    pf = next((d for d, v in a_dev.items()
               if v['id'] == '0x1b36:0x0010' and v['vf'] == '0'), None)
    # the first edu (the second is the VT-d test's)
    edu = min((d for d, v in a_dev.items() if v['id'] == '0x1234:0x11e8'), default=None)
    case('%s: pci: sriov_numvfs = 4 in B' % name,
         pf is not None and b_dev.get(pf, {}).get('numvfs') == '4',
         'PF %s: %s' % (pf, b_dev.get(pf, {}).get('numvfs')))
    a_vfs = {d: v['bar0'] for d, v in a_dev.items() if v['vf'] == '1'}
    b_vfs = {d: v['bar0'] for d, v in b_dev.items() if v['vf'] == '1'}
    case('%s: pci: the same VF addresses and BARs in B' % name,
         len(a_vfs) == 4 and a_vfs == b_vfs, 'A %s, B %s' % (a_vfs, b_vfs))
    marked = [d for d, v in a_dev.items() if v['vf'] == '1' and v['intline'] == '5a']
    case('%s: pci: the marker is still in the VF\'s config space' % name,
         len(marked) == 1 and b_dev.get(marked[0], {}).get('intline') == '5a',
         'VF %s: B intline %s' % (marked, [b_dev.get(d, {}).get('intline') for d in marked]))
    case('%s: pci: bus mastering still on (edu)' % name,
         edu is not None and int(b_dev.get(edu, {}).get('cmd', '0'), 16) & 4 != 0,
         'edu %s: B command %s' % (edu, b_dev.get(edu, {}).get('cmd')))
    case('%s: pci: MSI still enabled, not disabled at enumeration (edu)' % name,
         edu is not None and a_dev[edu]['msi'] == '1' and
         b_dev.get(edu, {}).get('msi') == '1',
         'edu %s: A msi %s, B msi %s' % (edu, a_dev.get(edu, {}).get('msi'),
                                         b_dev.get(edu, {}).get('msi')))
    case('%s: pci: driver_override restored, pci-stub bound (edu)' % name,
         edu is not None and b_dev.get(edu, {}).get('override') == 'pci-stub' and
         TAG + 'pci %s bound pci-stub' % edu in b_log,
         'edu %s: B override %r' % (edu, b_dev.get(edu, {}).get('override')))
    status = [l.split() for l in b.get(DBG + 'pci/status', [])[1:]]
    want = set(preserved) | set(a_vfs)
    got = {s[0] for s in status if len(s) >= 3 and s[2] == 'restored'}
    case('%s: pci: every preserved device restored in B (debugfs pci/status)' % name,
         bool(want) and want <= got,
         '; '.join(' '.join(s) for s in status) or 'no pci/status')
    a_st = {s[0]: s for s in (l.split() for l in a.get(DBG + 'pci/status', [])[1:])
            if len(s) >= 5}
    b_st = {s[0]: s for s in status if len(s) >= 5}
    bridges = {d: s[3] for d, s in a_st.items() if s[3] != '-'}
    case('%s: pci: bridges kept their buses, BARs and windows not moved in B' % name,
         bool(bridges) and bool(b_st) and
         all(b_st.get(d, [''] * 5)[3] == bus for d, bus in bridges.items()) and
         all(s[4] == '-' for s in b_st.values()),
         'A buses %s; B %s' % (bridges, '; '.join(' '.join(s) for s in b_st.values())))
    ms = sriov_ms(b_log, pf)
    case('%s: pci: VFs kept, no SR-IOV reset or 1 s sleep in B (PF found to VFs kept < 500 ms)'
         % name, ms is not None and ms < 500,
         'PF %s: %s' % (pf, 'no "VFs kept" message' if ms is None else '%.0f ms' % ms))


def sriov_ms(log, pf):
    """Milliseconds from B finding the PF to keeping its VFs, None if it didn't."""
    stamp = re.compile(r'\[\s*(\d+\.\d+)\] pci %s: ' % re.escape(pf or '-'))
    found = kept = None
    for l in log:
        m = stamp.search(l)
        if not m:
            continue
        if found is None:
            found = float(m.group(1))
        if 'SR-IOV: 4 VFs kept enabled through the live update' in l:
            kept = float(m.group(1))
            break
    return None if found is None or kept is None else (kept - found) * 1000


def compare(name, want, got):
    keys = sorted(set(want) | set(got))
    diffs = ['%s.%s: want %r got %r' % (k[0], k[1], want.get(k), got.get(k))
             for k in keys if want.get(k) != got.get(k)]
    case(name, not diffs and bool(want),
         '; '.join(diffs[:4]) + (' ...' if len(diffs) > 4 else '')
         if diffs else ('' if want else 'empty dump'))


def envelope(run, name, lines):
    """Is the hex dump @lines a kstate-v1 envelope, as dtc reads it?"""
    hexdump = ''.join(lines)
    if not hexdump:
        return False, 'no envelope dumped'
    with tempfile.NamedTemporaryFile(suffix='.dtb', dir=run, delete=False) as f:
        f.write(bytes.fromhex(hexdump))
    p = subprocess.run(['dtc', '-I', 'dtb', '-O', 'dts', f.name],
                       capture_output=True, text=True)
    with open(os.path.join(run, name), 'w') as g:
        g.write(p.stdout + p.stderr)
    ok = (p.returncode == 0 and 'compatible = "kstate-v1";' in p.stdout
          and 'format = <0x01>;' in p.stdout and 'stream = ' in p.stdout)
    return ok, 'dtc exit %d: %s' % (p.returncode, (p.stderr or p.stdout)[:200])


def stats(sec):
    return dict(l.split(' ', 1) for l in sec.get(DBG + 'stats', []) if ' ' in l)


def summary(run):
    """The demo's screen: what A registered, what B restored, the figures."""
    a_log, b_log = read(os.path.join(run, 'a.log')), read(os.path.join(run, 'b.log'))
    a, b = sections(a_log), sections(b_log)
    out_lines = a.get(DBG + 'outgoing', [])
    in_lines = b.get(DBG + 'incoming', [])
    print('== kernel A (generation 1): registered state, /sys/kernel/debug/kstate/outgoing')
    for l in out_lines[:14]:
        print('   ' + l)
    print('   ... %d lines' % len(out_lines))
    print('== kernel B (generation 2): what arrived, /sys/kernel/debug/kstate/incoming')
    for l in in_lines[:14]:
        print('   ' + l)
    print('   ... %d lines' % len(in_lines))
    objs = [l for l in in_lines if l and not l.startswith('#') and ' = ' not in l]
    keyed = [l for l in objs if '[' in l.split(' ')[0]]
    types = sorted({typ(l) for l in objs})
    st = stats(b)
    restore = [re.search(r'restore took (\d+) ns', l) for l in b_log]
    restore = [m.group(1) for m in restore if m]
    conv = [l for l in in_lines if l.startswith('#')]
    print()
    print('== summary ' + '=' * 50)
    head = re.match(r'# (\d+) types, .*: (.*), (\d+) types converted', conv[0]) if conv else None
    print('  types handed over      %s (with objects: %s)'
          % (head.group(1) if head else '?', ', '.join(types)))
    print('  objects                %d (%d keyed, %d reached through them)'
          % (len(objs), len(keyed), len(objs) - len(keyed)))
    print('  restored               %d of %d keyed'
          % (sum(1 for l in keyed if l.endswith(' restored')), len(keyed)))
    print('  stream bytes           %s' % st.get('in_bytes', '?'))
    print('  save time (kernel A)   %s ns' % st.get('prev_save_ns', '?'))
    print('  check+index (B)        %s ns' % st.get('open_ns', '?'))
    print('  restore time (B)       %s ns' % (restore[0] if restore else '?'))
    print('  version conversions    %s types restored through a converting plan'
          % (head.group(3) if head else '?'))
    print('  (times under QEMU TCG emulation: relative figures only)')
    pci_summary(a_log, b_log, b)
    vtd_summary(a_log, b_log, b)
    vfio_summary(a_log, b_log, a, b)


def vfio_summary(a_log, b_log, a, b):
    """The device a VMM kept open across the kexec, and what B did."""
    if not vfio_lines(a_log, ''):
        return
    print()
    print('== VFIO: a VMM\'s device kept open across the kexec, no reset ' + '=' * 3)
    for who, log in (('A', a_log), ('B', b_log)):
        for l in log:
            if l.startswith(VFIO) and not l.startswith(VFIO + 'config '):
                print('  %s: %s' % (who, l[len(VFIO):]))
            elif l.startswith(TAG + 'kmsg ') and ': vfio: ' in l:
                print('  %s: kernel: %s' % (who, l.split(': vfio: ', 1)[1]))
    ca, cb = vfio_lines(a_log, 'config '), vfio_lines(b_log, 'config ')
    print('  config space as the guest sees it (A | B):')
    for x, y in zip(ca, cb):
        print('    %s | %s%s' % (x[7:], y[11:], '' if x == y else '  <- differs'))
    for who, sec in (('A', a), ('B', b)):
        print('  %s: /sys/kernel/debug/kstate/vfio/status' % who)
        for l in sec.get(DBG + 'vfio/status', []):
            print('     ' + l)


def vtd_summary(a_log, b_log, b):
    """The device A kept translating through the kexec, and what B did."""
    # the test driver's lines and the adopter's (not those of KUnit's units)
    lines = [l.split('] ', 1)[-1] for l in a_log + b_log
             if ('kstate-vtd-test: ' in l or 'DMAR-kstate: ' in l) and
             'dmar-kt' not in l]
    if not lines:
        return
    print()
    print('== VT-d: DMA translated through the kexec ' + '=' * 20)
    for l in lines:
        print('  ' + l)
    print('  B: /sys/kernel/debug/kstate/vtd/status')
    for l in b.get(DBG + 'vtd/status', []):
        print('     ' + l)


def pci_summary(a_log, b_log, b):
    """The devices A preserved and what B did with them."""
    a_dev, b_dev = pci_devices(a_log), pci_devices(b_log)
    if not a_dev:
        return
    print()
    print('== PCI devices kept across the kexec ' + '=' * 24)
    for l in a_log:
        if l.startswith(TAG + 'pci ') and not PCI_LINE.match(l) and 'bound' not in l:
            print('  A: ' + l[len(TAG) + 4:])
    print('  B: /sys/kernel/debug/kstate/pci/status')
    for l in b.get(DBG + 'pci/status', []):
        print('     ' + l)
    names = {'0x1b36:0x0010': 'NVMe', '0x1234:0x11e8': 'edu', '0x8086:0x10d3': 'e1000e'}
    print('  %-13s %-7s %-30s %s' % ('device', '', 'kernel A', 'kernel B'))
    for d in sorted(a_dev):
        va, vb = a_dev[d], b_dev.get(d)
        if va['id'] not in names:
            continue
        kind = names[va['id']] + (' VF' if va['vf'] == '1' else '')
        def show(v):
            if not v:
                return 'absent'
            s = 'cmd=%s' % v['cmd']
            if v['numvfs'] != '-':
                s += ' vfs=%s' % v['numvfs']
            if v['intline'] == '5a':
                s += ' mark=5a'
            if v['msi'] == '1':
                s += ' msi=on'
            if v['override'] not in ('', '(null)'):
                s += ' ovr=%s' % v['override']
            return s
        print('  %-13s %-7s %-30s %s' % (d, kind, show(va), show(vb)))
    kept = [l for l in b_log if 'VFs kept enabled' in l]
    print('  ' + (kept[0].split('] ', 1)[-1] if kept else 'B did not keep the VFs'))
    pf = next((d for d, v in a_dev.items()
               if v['id'] == '0x1b36:0x0010' and v['vf'] == '0'), None)
    ms = sriov_ms(b_log, pf)
    if ms is not None:
        print('  B found the PF and kept its VFs %.1f ms later (no reset, no 1 s sleep)' % ms)


def fault_checks(name, a_log):
    """Every fault point of a save failed it in turn; nothing was lost."""
    m = [re.search(r'faults: (\d+) saves failed \((\d+) -ENOMEM, (\d+) other\), '
                   r'(\d+) failures absorbed, then fault point (\d+) was past the save: '
                   r'it (\w+)', l) for l in a_log]
    m = [x for x in m if x]
    f = m[0].groups() if m else None
    case('%s: faults: every allocation and KHO call of a save failed in turn: '
         'the save refused with -ENOMEM (or the failure absorbed), then it succeeded%s'
         % (name, ' (%s fault points, %s refusals)' % (int(f[4]) - 1, f[0]) if f else ''),
         bool(f) and int(f[1]) > 0 and f[2] == '0' and
         int(f[0]) + int(f[3]) == int(f[4]) - 1 and f[5] == 'succeeded',
         m[0].group(0) if m else 'no faults line')
    # the KHO loop: its summary, then the failed calls' messages
    at = next((i for i, l in enumerate(a_log) if 'faults: kho: ' in l), None)
    k = re.search(r'faults: kho: (\d+) saves failed \((\d+) -ENOMEM, (\d+) other\), '
                  r'then KHO call (\d+) was past the save: it (\w+)',
                  a_log[at]) if at is not None else None
    seen = []
    for l in a_log[at + 1:] if at is not None else []:
        if l.startswith(TAG) and not l.startswith(TAG + 'kmsg '):
            break
        seen += re.findall(r'kstate: (kho_\w+) failed \(fault injected\)', l)
    calls = sorted(set(seen))
    want = ['kho_add_subtree', 'kho_alloc_preserve', 'kho_preserve_folio',
            'kho_preserve_vmalloc']
    kg = k.groups() if k else None
    case('%s: faults: each KHO call of the save failed in turn (%s): the save refused '
         'with -ENOMEM, then it succeeded%s'
         % (name, ', '.join(want), ' (%s KHO calls)' % kg[0] if kg else ''),
         bool(kg) and kg[2] == '0' and kg[1] == kg[0] and
         int(kg[3]) == int(kg[0]) + 1 and kg[4] == 'succeeded' and
         len(seen) == int(kg[0]) and calls == want,
         '%s; failed: %s' % (k.group(0) if k else 'no KHO loop line', calls))
    leak = [re.search(r'faults: kmemleak (\S+), (\d+) unreferenced', l) for l in a_log]
    leak = [x for x in leak if x]
    case('%s: faults: kmemleak found nothing the failed saves lost' % name,
         bool(leak) and leak[0].groups() == ('scanned', '0'),
         leak[0].group(0) if leak else 'no kmemleak line')


def rfault_checks(name, b_log):
    """Restore side: every allocation of the deferred restores failed in turn."""
    m = [re.search(r'rfaults: (\d+) devices restored, (\d+) fault points: (\d+) restores '
                   r'failed \((\d+) -ENOMEM, (\d+) other\), (\d+) failures absorbed', l)
         for l in b_log]
    m = [x for x in m if x]
    f = [int(x) for x in m[0].groups()] if m else None
    case('%s: restore faults: every allocation of each device\'s restore failed in turn: '
         'it failed (-ENOMEM), the blob stayed intact, the retry succeeded%s'
         % (name, ' (%d fault points, %d failed restores)' % (f[1], f[2]) if f else ''),
         bool(f) and f[0] == 8 and f[3] > 0 and f[4] == 0 and f[2] + f[5] == f[1],
         m[0].group(0) if m else 'no rfaults line')
    deferred = [l for l in b_log if re.search(r'restore kgt_dev\[\d+\] = 0 \(deferred\)', l)]
    case('%s: restore faults: each handed-over device restored once, at last' % name,
         len(deferred) == 8 and len(set(re.sub(r'^.*restore ', '', l) for l in deferred)) == 8,
         '%d "= 0 (deferred)" lines' % len(deferred))
    leak = [re.search(r'rfaults: kmemleak (\S+), (\d+) unreferenced', l) for l in b_log]
    leak = [x for x in leak if x]
    case('%s: restore faults: kmemleak found nothing the failed restores lost' % name,
         bool(leak) and leak[0].groups() == ('scanned', '0'),
         leak[0].group(0) if leak else 'no kmemleak line')


def corrupt_checks(name, mode, a_log, b_log, b):
    """A damaged handover: refused as a whole by the next kernel, which runs on."""
    stream = mode == 'corrupt-stream'
    damaged = ('handed-over stream corrupted at byte' if stream else
               'handover envelope damaged: stream format 0xdead')
    # (A's kexec-time messages follow "kexec loaded": in b.log)
    case('%s: A damaged what it handed over after a successful save' % name,
         any(damaged in l for l in a_log + b_log) and
         any('kstate: saved ' in l for l in a_log + b_log),
         'no "%s" line in A' % damaged)
    case('%s: kexec with KHO reached the next kernel, which booted on' % name,
         any(l.startswith(TAG + 'stage 2') for l in b_log) and TAG + 'done' in b_log,
         'no stage 2 / done in b.log')
    why, err = (('handed-over stream: CRC mismatch with its envelope', -74) if stream else
                ('handover envelope: unknown stream format 57005', -93))
    said = [l for l in b_log if 'kstate: ' in l and
            ('refused' in l or 'CRC' in l or 'format' in l)]
    case('%s: B refused the blob with a clear message (%s)' % (name, why),
         any(why in l for l in b_log) and
         any(re.search(r'handed-over state refused \((%d|%s)\); nothing will restore' %
                       (err, '-EBADMSG' if stream else '-EPROTONOSUPPORT'), l)
             for l in b_log),
         '; '.join(l.split('] ', 1)[-1] for l in said[:3]) or 'no refusal message')
    st = stats(b)
    case('%s: B\'s debugfs says why: stats in_err %d, no incoming state' % (name, err),
         st.get('in_err') == str(err) and
         b.get(DBG + 'incoming', [''])[:1] == ['# no incoming state'],
         'in_err %s, incoming %s' % (st.get('in_err'), b.get(DBG + 'incoming', [])[:1]))
    if not stream:
        case('%s: B took the refused stream back and freed it' % name,
             any('refused stream taken back and freed' in l for l in b_log),
             'no "taken back and freed" line')
    bad = [l for l in a_log + b_log if BAD.search(l)]
    case('%s: no panic, oops, BUG or WARNING in either kernel' % name,
         not bad, bad[0] if bad else '')


def scale_checks(name, run, a_log, b_log):
    """Stress (registrations racing snapshots) and scale (100000 objects)."""
    def find(log, pat):
        for l in log:
            m = re.search(pat, l)
            if m:
                return m
        return None

    case('%s: kexec with KHO reached the next kernel' % name,
         any(l.startswith(TAG + 'stage 2') for l in b_log), 'no stage 2 in b.log')
    st = find(a_log, r'stress: (\d+) s, (\d+) saves, (\d+) registered, (\d+) unregistered, '
                     r'(\d+) stress objects seen, (\d+) lost, (\d+) twice, (\d+) errors')
    g = [int(x) for x in st.groups()] if st else []
    case('%s: stress: threads registered and unregistered while snapshots were saved: '
         'no object lost, none twice%s' % (name, ' (%d saves, %d registrations, %d objects seen)'
                                          % (g[1], g[2], g[4]) if g else ''),
         bool(g) and g[1] > 0 and g[2] > 0 and g[2] == g[3] and g[5] == 0 and
         g[6] == 0 and g[7] == 0, st.group(0) if st else 'no stress line')
    made = find(a_log, r'bulk: (\d+) objects of (\d+) bytes: (\d+) restored intact, '
                       r'(\d+) differ, (\d+) failed, (\d+) created; restore took (\d+) us; '
                       r'register (-?\d+)')
    ho = find(a_log, r'high order: a save with every allocation of order >= 1 failing: '
                     r'(\w+), (-?\d+) failures injected')
    case('%s: scale: the save of 100000 objects needs no page of order >= 1 '
         '(all failing: fail_page_alloc min-order 1)%s'
         % (name, ', %s failed, all absorbed' % ho.group(2) if ho else ''),
         bool(ho) and ho.group(1) == 'ok', ho.group(0) if ho else 'no "high order" line')
    saved = find(b_log, r'kstate: saved (\d+) objects of (\d+) types, (\d+) bytes, in (\d+) us')
    got = find(b_log, r'kstate: incoming state: (\d+) bytes, validated in (\d+) us')
    back = find(b_log, r'bulk: (\d+) objects of (\d+) bytes: (\d+) restored intact, '
                       r'(\d+) differ, (\d+) failed, (\d+) created; restore took (\d+) us; '
                       r'register (-?\d+)')
    n = int(made.group(1)) if made else 0
    case('%s: scale: A created and registered %d bulk objects' % (name, n),
         bool(made) and n >= 100000 and made.group(6) == made.group(1) and
         made.group(8) == '0', made.group(0) if made else 'no bulk line in A')
    size = int(saved.group(3)) if saved else 0
    case('%s: scale: A saved a stream of %.1f MiB (>= 64 MiB) at the kexec%s'
         % (name, size / 2**20, ' in %.1f ms' % (int(saved.group(4)) / 1e3) if saved else ''),
         bool(saved) and size >= 64 << 20 and int(saved.group(1)) >= n,
         saved.group(0) if saved else 'no "saved" line')
    case('%s: scale: B received the whole stream (%s bytes, validated in %s us)'
         % (name, got.group(1) if got else '?', got.group(2) if got else '?'),
         bool(got) and int(got.group(1)) == size, got.group(0) if got else 'no "incoming" line')
    case('%s: scale: B restored every bulk object intact, byte for byte%s'
         % (name, ' in %.1f ms' % (int(back.group(7)) / 1e3) if back else ''),
         bool(back) and back.group(1) == made.group(1) and back.group(3) == back.group(1) and
         back.group(4) == '0' and back.group(5) == '0' and back.group(6) == '0',
         back.group(0) if back else 'no bulk line in B')
    hr = find(b_log, r'high order: an open of the (\d+)-byte stream and a restore of every '
                     r'object with every allocation of order >= 1 failing: (\w+), '
                     r'(-?\d+) failures injected')
    re_open = find(b_log, r'bulk reopen: (\d+) objects: (\d+) restored intact, (\d+) differ, '
                          r'(\d+) failed \(first error (-?\d+)\); open took (\d+) us, '
                          r'restore (\d+) us')
    case('%s: scale: B\'s open of the stream and restore of every object need no page of '
         'order >= 1 (all failing: fail_page_alloc min-order 1)%s'
         % (name, ', %s failed, all absorbed' % hr.group(3) if hr else ''),
         bool(hr) and hr.group(2) == 'ok' and int(hr.group(1)) == size and bool(re_open) and
         re_open.group(1) == str(n) and re_open.group(2) == str(n) and
         re_open.group(3) == '0' and re_open.group(4) == '0',
         '%s; %s' % (hr.group(0) if hr else 'no B "high order" line',
                     re_open.group(0) if re_open else 'no "bulk reopen" line'))
    # the small run of the same kernel, for the ratio
    small_b = read(os.path.join(os.path.dirname(run), 'same', 'b.log'))
    small = find(small_b, r'kstate: saved (\d+) objects of (\d+) types, (\d+) bytes, in (\d+) us')
    if saved and small:
        print('# scale: save %s objects / %s bytes in %s us; the small run: %s objects / %s bytes '
              'in %s us (x%.0f time for x%.0f bytes)'
              % (saved.group(1), saved.group(3), saved.group(4), small.group(1),
                 small.group(3), small.group(4),
                 int(saved.group(4)) / max(1, int(small.group(4))),
                 int(saved.group(3)) / max(1, int(small.group(3)))))
    # the restores by key of lib/test_kstate.c, timed the same way in both
    small_r = find(small_b, r'generation \d+: (\d+) objects restored, \d+ created, '
                            r'restore took (\d+) ns')
    if back and small_r:
        print('# scale: restore %s objects by key in %s us; the small run: %s objects in %.0f us '
              '(x%.0f time for x%.0f objects)'
              % (back.group(1), back.group(7), small_r.group(1), int(small_r.group(2)) / 1e3,
                 int(back.group(7)) * 1e3 / max(1, int(small_r.group(2))),
                 int(back.group(1)) / max(1, int(small_r.group(1)))))
    bad = [l for l in a_log + b_log if BAD.search(l)]
    case('%s: no panic, oops, BUG or WARNING (lockdep on) in either kernel' % name,
         not bad, bad[0] if bad else '')


def prediction_checks(name, run, mode, b, status):
    """kstate check, A's stream against B's image, agrees with B's restore.

    The stream is B's kstate/blob, byte for byte what A saved at the kexec
    (its CRC checked); the prediction needs only it and B's vmlinux, both
    there before the kexec. KUnit's types (kt_*, *_other) are left out: no
    handed-over object is of them.
    """
    tool = os.environ.get('KSTATE_TOOL', '')
    nxt = read(os.path.join(run, 'next'))
    blob = os.path.join(run, 'stream.blob')
    try:
        with open(blob, 'wb') as f:
            f.write(bytes.fromhex(''.join(b.get(DBG + 'blob', []))))
    except ValueError:
        pass
    if not tool or not os.access(tool, os.X_OK) or not nxt:
        case('%s: kstate check predicted the next kernel\'s restore' % name,
             False, 'no tool (%s) or no next kernel' % tool)
        return
    vmlinux = os.path.join(nxt[0], 'vmlinux')
    args = [tool, 'check', '-x', 'kt_*', '-x', '*_other', blob, vmlinux]
    txt = subprocess.run(args, capture_output=True, text=True)
    with open(os.path.join(run, 'check.txt'), 'w') as f:
        f.write(txt.stdout + txt.stderr)
    r = subprocess.run(args[:2] + ['--json'] + args[2:], capture_output=True,
                       text=True)
    try:
        v = json.loads(r.stdout)
    except ValueError:
        case('%s: kstate check predicted the next kernel\'s restore' % name,
             False, 'exit %d: %s' % (r.returncode, r.stderr.strip()[-300:]))
        return
    pred, judged = {}, 0
    for obj in status:
        m = re.match(r'([A-Za-z_0-9]+)\[(\d+)\]$', obj)
        ts = [t for t in v['types'] if m and t['type'] == m.group(1)]
        if not m or len(ts) != 1:
            pred[obj] = 'no verdict' if not ts else 'two verdicts'
            continue
        t = ts[0]
        pred[obj] = ('pending' if t['outcome'] == 'absent' else
                     'failed' if t['outcome'] == 'refused' or
                     int(m.group(2)) in t.get('refused_keys', []) else
                     'restored')
    act = {o: {'released': 'restored'}.get(s.split(' ')[0], s.split(' ')[0])
           for o, s in status.items()}
    bad = ['%s: predicted %s, %s' % (o, pred[o], act[o])
           for o in sorted(act) if pred[o] != act[o]]
    refused = sum(1 for o in act if pred[o] == 'failed')
    safe = mode != 'critical'
    case('%s: kstate check (A\'s stream, B\'s vmlinux) predicted B\'s restore of '
         'each of %d objects (%d refused), update %s'
         % (name, len(act), refused, 'safe' if safe else 'not safe'),
         bool(act) and not bad and r.returncode == (0 if safe else 1) and
         v['safe'] == safe,
         '; '.join(bad[:6]) or 'exit %d, safe %s' % (r.returncode, v['safe']))


def main():
    run, mode = sys.argv[1], sys.argv[2]
    if mode == 'summary':
        summary(run)
        return
    if mode.startswith('corrupt') or mode == 'scale':
        name = os.path.basename(run)
        a_log, b_log = read(os.path.join(run, 'a.log')), read(os.path.join(run, 'b.log'))
        if mode == 'scale':
            scale_checks(name, run, a_log, b_log)
        else:
            corrupt_checks(name, mode, a_log, b_log, sections(b_log))
        for n, ok, why in results:
            print(('ok - vmtest: %s' if ok else 'not ok - vmtest: %s') % n +
                  ('' if ok or not why else ' (%s)' % why))
        return
    name = os.path.basename(run)
    a_log, b_log = read(os.path.join(run, 'a.log')), read(os.path.join(run, 'b.log'))
    a, b = sections(a_log), sections(b_log)
    gen_a, gen_b = {'same': (1, 1), 'upgrade': (1, 2),
                    'rollback': (2, 1), 'critical': (2, 1)}[mode]

    case('%s: kexec with KHO reached the next kernel' % name,
         any(l.startswith(TAG + 'stage 2') for l in b_log),
         'no stage 2 in b.log')

    if mode == 'same':
        refused = [l for l in a_log if 'injected save failure' in l]
        said = any(re.match(re.escape(TAG) + r'kmsg kstate: save failed '
                            r'\((-12|-ENOMEM)\): nothing handed over, '
                            r'kexec refused', l)
                   for l in a_log)
        case('%s: injected save failure refuses the kexec, kernel keeps running' % name,
             bool(refused) and 'errno 12' in refused[0] and said and
             any('still running after the refused kexec' in l for l in a_log) and
             any(l.startswith(TAG + 'stage 2') for l in b_log),
             (refused[0] if refused else 'no injected failure seen') +
             ('' if said else '; no "kstate: save failed (-ENOMEM)" kernel message'))

    a_out = parse_dump(a.get(DBG + 'outgoing', []))
    b_in_lines = b.get(DBG + 'incoming', [])
    b_in = parse_dump(b_in_lines)
    b_out = parse_dump(b.get(DBG + 'outgoing', []))

    # transport: what B received is what A had registered, bit for bit
    b_in_bare = {k: (v.split(' ')[0] if k[1] == '' else v) for k, v in b_in.items()}
    a_out_bare = {k: (v.split(' ')[0] if k[1] == '' else v) for k, v in a_out.items()}
    compare('%s: next kernel received exactly the outgoing state' % name,
            {k: v for k, v in a_out_bare.items() if k[1] != ''},
            {k: v for k, v in b_in_bare.items() if k[1] != ''})

    status = {k[0]: v for k, v in b_in.items() if k[1] == '' and '[' in k[0]}
    want = {o: 'restored' for o in status}
    if mode == 'critical':
        want['kgt_feature[1]'] = 'failed -95'
    case('%s: restore status of every handed-over object' % name,
         bool(status) and status == want and
         (mode != 'critical' or 'kgt_feature[1]' in status),
         '; '.join('%s: %s' % (o, s) for o, s in sorted(status.items())
                   if want.get(o) != s) or 'no incoming objects')

    prediction_checks(name, run, mode, b, status)

    compare('%s: restored state equals the sender\'s after conversion (gen %d -> %d)'
            % (name, gen_a, gen_b),
            strip({k: v for k, v in convert(a_out, gen_a, gen_b).items() if k[1] != ''}),
            strip({k: v for k, v in b_out.items() if k[1] != ''}))

    # The sender frees the pages from a reboot notifier, after the save,
    # with init_on_free=1: only KSTATE's reference keeps them intact.
    crc = re.compile(r'kstate-gen-test: pages (\S+) crc ([0-9a-f]+)')
    pa = dict(m.groups() for m in map(crc.search, a_log) if m)
    pb = dict(m.groups() for m in map(crc.search, b_log) if m)
    freed = any("kstate-gen-test: units' pages freed at shutdown" in l
                for l in b_log)
    case('%s: preserved pages arrived intact (checksums), though freed after the save'
         % name, bool(pa) and pa == pb and freed,
         'sent %s, received %s%s' % (pa, pb, '' if freed else
                                     '; no "pages freed at shutdown" line'))

    if mode == 'same':
        ok, why = envelope(run, 'envelope.dts', b.get(ENVELOPE, []))
        case('%s: dtc prints the handed-over KHO envelope' % name, ok, why)
    # KHO's debugfs keeps showing the envelope after finish: KSTATE must
    # not free its page (init_on_free=1 would have cleared it)
    ok, why = envelope(run, 'envelope-after-finish.dts',
                       b.get('after-finish' + ENVELOPE, []))
    case('%s: KHO debugfs envelope still readable after finish' % name, ok, why)

    mirror = [l for l in b_log if 'kstate-gen-test: mirror ' in l]
    case('%s: pages two fields share are preserved and restored once' % name,
         len(mirror) == 2 and all(l.endswith(' same pages') for l in mirror),
         '; '.join(mirror) or 'no mirror lines')

    raw = bytes.fromhex(''.join(b.get(DBG + 'blob', [])))
    size = stats(b).get('in_bytes')
    case('%s: debugfs blob is the raw stream that arrived' % name,
         raw[:4] == b'KSTA' and str(len(raw)) == size and
         int.from_bytes(raw[8:16], 'little') == len(raw),
         'blob of %d bytes starting %s, stats in_bytes %s' % (len(raw), raw[:4].hex(), size))

    fin = [l for l in b_log if l.startswith(TAG + 'after finish: ')]
    case('%s: debugfs finish releases the incoming state' % name,
         fin == [TAG + 'after finish: # no incoming state'],
         fin[0] if fin else 'no finish step seen')

    if any(l.startswith(TAG + 'pci ') for l in a_log):
        pci_checks(name, a_log, b_log, a, b, (gen_a, gen_b))
    if any(l.startswith(TAG + 'vtd ') for l in a_log):
        vtd_checks(name, a_log, b_log, a, b, (gen_a, gen_b))
    if any(l.startswith(VFIO) for l in a_log):
        vfio_checks(name, a_log, b_log, a, b, (gen_a, gen_b))
    if any(l.startswith(TAG + 'faults: ') for l in a_log):
        fault_checks(name, a_log)
    if any(l.startswith(TAG + 'rfaults: ') for l in b_log):
        rfault_checks(name, b_log)

    bad = [l for l in a_log + b_log if BAD.search(l)]
    case('%s: no panic, oops, BUG or WARNING in either kernel' % name,
         not bad, bad[0] if bad else '')

    for n, ok, why in results:
        print(('ok - vmtest: %s' if ok else 'not ok - vmtest: %s') % n +
              ('' if ok or not why else ' (%s)' % why))


if __name__ == '__main__':
    main()
