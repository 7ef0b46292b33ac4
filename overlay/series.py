#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Build the upstream patch series from the overlay and the glue patches:
# a git tree holding pristine Linux 7.2 (only the files the series touches
# are tracked), one commit per patch of overlay/series.conf, then
# git format-patch with a cover letter.
#
# Usage: series.py TOP PRISTINE GITDIR OUTDIR [BENCH_TABLE]
#
# TOP is the KSTATE repository, PRISTINE the untouched 7.2 tree, GITDIR a
# work tree (made from PRISTINE when missing), OUTDIR receives the mbox
# patches. Prints the commits as "COMMIT SUBJECT" lines. Fails when an
# overlay file, a glue hunk, a Kconfig block or a Makefile line belongs to
# no patch or to two, or when the last commit's files differ from the
# overlay applied on the pristine tree.

import os
import re
import shutil
import subprocess
import sys

AUTHOR = 'KSTATE developers <kstate@localhost>'
DATE = '2026-12-02T00:00:00+00:00'
ROOTS = ('kernel', 'include', 'drivers', 'lib', 'Documentation', 'scripts')
KCONFIG = 'kernel/kstate/Kconfig'
KMAKE = 'kernel/kstate/Makefile'
MAINT_TITLE = 'KERNEL STATE SERIALIZATION (KSTATE)'
MAINT_HEAD = [MAINT_TITLE,
              'M:\tKSTATE developers <kstate@localhost>',
              'L:\tkexec@lists.infradead.org',
              'S:\tMaintained']


def die(msg):
    sys.stderr.write('series.py: %s\n' % msg)
    sys.exit(1)


def run(args, cwd=None, env=None, input=None):
    p = subprocess.run(args, cwd=cwd, env=env, input=input,
                       capture_output=True, text=True)
    if p.returncode:
        die('%s: %s' % (' '.join(args), (p.stderr or p.stdout).strip()[:2000]))
    return p.stdout


def parse_conf(path):
    patches, cur, body = [], None, None
    key = None
    for line in open(path):
        line = line.rstrip('\n')
        if body is not None:
            if line == '===':
                cur['body'] = '\n'.join(body).strip('\n')
                patches.append(cur)
                cur, body = None, None
            else:
                body.append(line)
            continue
        if not line.strip() or line.startswith('#'):
            continue
        if line == '---':
            body = []
            continue
        if line.startswith('\t') and key:
            cur[key] += line.split()
            continue
        key, val = line.split(':', 1)
        if key == 'patch':
            cur = {'subject': val.strip(), 'files': [], 'glue': [],
                   'kconfig': [], 'make': []}
            continue
        if key == 'make':
            cur[key] += [v.strip() for v in re.split(r'\s+', val.strip())]
        else:
            cur[key] += val.split()
    return patches


def glue_files(top):
    """patches/series order: {NNNN: (path, [(file, diff text)])}"""
    out = {}
    for name in open(os.path.join(top, 'patches', 'series')).read().splitlines():
        name = name.strip()
        if not name or name.startswith('#'):
            continue
        text = open(os.path.join(top, 'patches', name)).read()
        body = text.split('\n---\n', 1)[1]
        # one section per file: from its "--- a/" line (and the "diff"
        # line before it, if any) to the next file's
        hunks, cur, path = [], [], None
        for line in body.splitlines(True):
            if line.startswith('diff '):
                continue
            if line.startswith('--- a/'):
                if path:
                    hunks.append((path, ''.join(cur)))
                path, cur = line[6:].split()[0], []
            cur.append(line)
        if path:
            hunks.append((path, ''.join(cur)))
        out[name[:4]] = (name, hunks)
    return out


def kconfig_blocks(text):
    """[(config name or None, text)] of kernel/kstate/Kconfig"""
    blocks, cur, name = [], [], None
    for line in text.splitlines(True):
        m = re.match(r'(?:menu)?config (\w+)', line)
        if m or line.startswith('endmenu'):
            blocks.append((name, ''.join(cur)))
            cur, name = [], (m.group(1) if m else None)
        cur.append(line)
    blocks.append((name, ''.join(cur)))
    return blocks


def overlay_files(top):
    out = []
    for r in ROOTS:
        for d, _, fs in os.walk(os.path.join(top, r)):
            for f in fs:
                out.append(os.path.relpath(os.path.join(d, f), top))
    return sorted(out)


def maintainers(text, files):
    """MAINTAINERS with the KSTATE entry listing @files (none: no entry)"""
    lines = text.split('\n')
    # drop an existing entry
    if MAINT_TITLE in lines:
        i = lines.index(MAINT_TITLE)
        j = i
        while j < len(lines) and lines[j]:
            j += 1
        del lines[i:j + 1]
    if files:
        entry = MAINT_HEAD + ['F:\t%s' % f for f in sorted(files)] + ['']
        # after the entry whose title sorts right before ours
        start = next(i for i, l in enumerate(lines) if l.startswith('3C59X NETWORK DRIVER'))
        titles = [i for i in range(start, len(lines))
                  if lines[i] and not lines[i - 1] and lines[i] < MAINT_TITLE]
        i = max(titles, key=lambda t: lines[t])
        while lines[i]:
            i += 1
        i += 1
        lines[i:i] = entry
    return '\n'.join(lines)


def cover_letter(top, patches, bench):
    rst = open(os.path.join(top, 'Documentation/core-api/kstate.rst')).read()
    # the introduction: the first paragraphs after the title
    paras = [p.strip() for p in rst.split('\n\n')]
    intro = []
    for p in paras:
        if p.startswith('..') or p.startswith('=') or p.startswith(':') or \
           re.match(r'^[^\n]+\n[=-]+$', p) or not p:
            if intro:
                break
            continue
        intro.append(p)
        if len(intro) == 3:
            break
    text = 'KSTATE: declarative kernel state serialization for live update\n\n'
    text += '\n\n'.join(wrap(p) for p in intro) + '\n\n'
    text += wrap('The series adds the engine and its blob ABI, KUnit suites, the '
                 'handover with KHO from LUO\'s reboot path, debugfs files, and '
                 'three users: the PCI core, the Intel VT-d driver and vfio-pci, '
                 'which together keep a VMM\'s passthrough device working across '
                 'a live update without a reset. Tested in QEMU (q35, emulated '
                 'Intel IOMMU, SR-IOV NVMe, edu) with kexec between kernels of '
                 'two descriptor generations, in both directions.') + '\n'
    if bench:
        text += '\nPerformance, from make bench (userspace build of the engine):\n\n'
        text += ''.join(('  ' + l).rstrip() + '\n' for l in bench)
    return text


def wrap(p, width=72):
    words, lines, cur = p.split(), [], ''
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + ' ' + w) if cur else w
    if cur:
        lines.append(cur)
    return '\n'.join(lines)


def main():
    top, pristine, gitdir, outdir = map(os.path.abspath, sys.argv[1:5])
    bench = []
    if len(sys.argv) > 5 and os.path.exists(sys.argv[5]):
        # make bench's instruction counts and targets
        lines = open(sys.argv[5]).read().splitlines()
        keep = False
        for line in lines:
            if line.startswith('Instructions per object'):
                keep = True
            elif line.startswith('round trips'):
                keep = False
            if keep:
                bench.append(line)
    patches = parse_conf(os.path.join(top, 'overlay/series.conf'))
    glue = glue_files(top)

    # every piece in exactly one patch
    owned = {}
    for n, p in enumerate(patches):
        for f in p['files']:
            if f in owned:
                die('%s is in patches %d and %d' % (f, owned[f] + 1, n + 1))
            owned[f] = n
    shared = {KCONFIG, KMAKE}
    missing = [f for f in overlay_files(top) if f not in owned and f not in shared]
    if missing:
        die('overlay files in no patch: %s' % ' '.join(missing))
    hunk_owner = {}
    for n, p in enumerate(patches):
        for g in p['glue']:
            num, _, path = g.partition(':')
            if num not in glue:
                die('no glue patch %s' % num)
            if path and path not in dict(glue[num][1]):
                die('glue patch %s has no file %s' % (num, path))
            for f, _ in glue[num][1]:
                if not path or path == f:
                    if (num, f) in hunk_owner:
                        die('glue %s:%s in two patches' % (num, f))
                    hunk_owner[(num, f)] = n
    for num, (_, hunks) in glue.items():
        for f, _ in hunks:
            if (num, f) not in hunk_owner:
                die('glue %s:%s in no patch' % (num, f))
    kc = open(os.path.join(top, KCONFIG)).read()
    blocks = kconfig_blocks(kc)
    kc_owner = {}
    for n, p in enumerate(patches):
        for c in p['kconfig']:
            kc_owner[c] = n
    for name, _ in blocks:
        if name and name not in kc_owner:
            die('Kconfig block %s in no patch' % name)
    mk = open(os.path.join(top, KMAKE)).read().splitlines(True)

    def make_step(line):
        hits = [n for n, p in enumerate(patches) for frag in p['make']
                if frag and frag in line]
        if len(set(hits)) > 1:
            die('Makefile line %r in two patches' % line)
        return hits[0] if hits else min(kc_owner.values())

    # the work tree: pristine, the touched files tracked
    touched = sorted({f for _, hunks in glue.values() for f, _ in hunks} | {'MAINTAINERS'})
    created = sorted(owned) + sorted(shared)
    env = dict(os.environ, GIT_AUTHOR_NAME='KSTATE developers',
               GIT_AUTHOR_EMAIL='kstate@localhost', GIT_COMMITTER_NAME='KSTATE developers',
               GIT_COMMITTER_EMAIL='kstate@localhost', GIT_AUTHOR_DATE=DATE,
               GIT_COMMITTER_DATE=DATE)
    if os.path.isdir(os.path.join(gitdir, '.git')):
        # a base made for another set of touched files is made again
        base = set(run(['git', 'ls-tree', '-r', '--name-only', 'v7.2'], cwd=gitdir).split())
        if not set(touched) <= base:
            shutil.rmtree(gitdir)
    if not os.path.isdir(os.path.join(gitdir, '.git')):
        if os.path.exists(gitdir):
            shutil.rmtree(gitdir)
        os.makedirs(os.path.dirname(os.path.abspath(gitdir)), exist_ok=True)
        run(['cp', '-a', '--reflink=auto', pristine, gitdir])
        run(['git', 'init', '-q', '-b', 'base'], cwd=gitdir)
        # and LICENSES/, which checkpatch's SPDX check reads from git
        run(['git', 'add', '-f', 'LICENSES'] + touched, cwd=gitdir)
        run(['git', 'commit', '-q', '-m', 'Linux 7.2'], cwd=gitdir, env=env)
        run(['git', 'tag', 'v7.2'], cwd=gitdir)
    else:
        run(['git', 'checkout', '-q', '-f', 'v7.2'], cwd=gitdir)
        for f in created:
            if os.path.exists(os.path.join(gitdir, f)):
                os.remove(os.path.join(gitdir, f))
        # files of the series that the pristine tree has: back to pristine
        missing = [f for f in touched if not os.path.exists(os.path.join(gitdir, f))]
        if missing:
            die('work tree lost pristine files: %s' % ' '.join(missing[:5]))
    run(['git', 'checkout', '-q', '-B', 'series', 'v7.2'], cwd=gitdir)

    maint0 = open(os.path.join(gitdir, 'MAINTAINERS')).read()
    have = []
    for n, p in enumerate(patches):
        for f in p['files']:
            dst = os.path.join(gitdir, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(os.path.join(top, f), dst)
            have.append(f)
        for (num, f), owner in sorted(hunk_owner.items()):
            if owner != n:
                continue
            text = dict(glue[num][1])[f]
            run(['patch', '-p1', '-s', '-N', '--no-backup-if-mismatch', '-d', gitdir],
                input=text)
        first = min(kc_owner.values())
        if any(c in kc_owner and kc_owner[c] == n for c, _ in blocks):
            with open(os.path.join(gitdir, KCONFIG), 'w') as f:
                f.write(''.join(t for name, t in blocks
                                if name is None or kc_owner[name] <= n))
        if any(make_step(l) == n for l in mk):
            with open(os.path.join(gitdir, KMAKE), 'w') as f:
                f.write(''.join(l for l in mk if make_step(l) <= n))
        if n == first:
            have += [KCONFIG, KMAKE]
        with open(os.path.join(gitdir, 'MAINTAINERS'), 'w') as f:
            f.write(maintainers(maint0, have))
        run(['git', 'add', '-f', '-A', '--'] + sorted(set(have)) + touched, cwd=gitdir)
        msg = '%s\n\n%s\n\nSigned-off-by: %s\n' % (p['subject'], p['body'], AUTHOR)
        run(['git', 'commit', '-q', '-F', '-'], cwd=gitdir, env=env, input=msg)

    # the last commit is the overlay on the pristine tree
    for f in sorted(set(have)):
        if open(os.path.join(gitdir, f), 'rb').read() != open(os.path.join(top, f), 'rb').read():
            die('%s differs between the series and the overlay' % f)

    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    run(['git', 'format-patch', '-q', '--cover-letter', '--no-signature',
         '-o', outdir, 'v7.2..series'], cwd=gitdir, env=env)
    cover = os.path.join(outdir, sorted(os.listdir(outdir))[0])
    text = open(cover).read()
    body = cover_letter(top, patches, bench)
    subject, blurb = body.split('\n\n', 1)
    text = text.replace('*** SUBJECT HERE ***', subject)
    text = text.replace('*** BLURB HERE ***', blurb.rstrip('\n'))
    with open(cover, 'w') as f:
        f.write(text)
    print(run(['git', 'log', '--reverse', '--format=%h %s', 'v7.2..series'], cwd=gitdir),
          end='')


if __name__ == '__main__':
    main()
