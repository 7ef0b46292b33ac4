// SPDX-License-Identifier: GPL-2.0-only
///
/// kstate_restore() (and a type's <n>_kstate_restore(), kstate_in_restore())
/// may sleep: it takes the registry's mutex, allocates with GFP_KERNEL and
/// writes the whole described object. It belongs on the paths that build
/// the object (probe, init, open), not under a spinlock or in an RCU
/// read-side section, where the object is shared with readers.
///
// Confidence: Moderate
// Options: --no-includes --include-headers
//

virtual report
virtual org

@r depends on report || org exists@
identifier f =~ "^(kstate_restore|kstate_in_restore)$|_kstate_restore$";
position p1, p2;
@@

(
spin_lock@p1(...)
|
spin_lock_irq@p1(...)
|
spin_lock_irqsave@p1(...)
|
spin_lock_bh@p1(...)
|
raw_spin_lock@p1(...)
|
raw_spin_lock_irqsave@p1(...)
|
rcu_read_lock@p1()
)
... when != \(spin_unlock(...)\|spin_unlock_irq(...)\|spin_unlock_irqrestore(...)\|spin_unlock_bh(...)\|raw_spin_unlock(...)\|raw_spin_unlock_irqrestore(...)\|rcu_read_unlock()\)
f@p2(...)

@script:python depends on report@
f << r.f;
p1 << r.p1;
p2 << r.p2;
@@

coccilib.report.print_report(p2[0], "ERROR: %s() may sleep, called in atomic context (line %s)" % (f, p1[0].line))

@script:python depends on org@
f << r.f;
p2 << r.p2;
@@

cocci.print_main("%s() in atomic context" % f, p2)
