// SPDX-License-Identifier: GPL-2.0-only
///
/// The result of kstate_register() and kstate_restore() (and of a type's
/// <n>_kstate_register() and <n>_kstate_restore()) must be checked: a
/// registration that failed hands nothing over, and a restore that failed
/// left the object as it was, not as the previous kernel had it.
/// Discard it only on purpose, with a (void) cast.
///
// Confidence: High
// Options: --no-includes --include-headers
//

virtual report
virtual org

@r depends on report || org@
identifier f =~ "^(kstate_register|kstate_register_group|kstate_restore|kstate_in_restore)$|_kstate_(register|restore)$";
position p;
@@

f@p(...);

@script:python depends on report@
f << r.f;
p << r.p;
@@

coccilib.report.print_report(p[0], "ERROR: the result of %s() is ignored" % f)

@script:python depends on org@
f << r.f;
p << r.p;
@@

cocci.print_main("result of %s() ignored" % f, p)
