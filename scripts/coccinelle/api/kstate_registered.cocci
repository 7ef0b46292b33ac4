// SPDX-License-Identifier: GPL-2.0-only
///
/// An object registered with kstate_register() (or a type's
/// <n>_kstate_register()) is read by the save at the kexec, long after the
/// call: it must be unregistered before it is freed, and must not live on
/// the stack.
///
// Confidence: Moderate
// Options: --no-includes --include-headers
//

virtual report
virtual org

@freed depends on report || org exists@
expression T, K, E, E2, R;
statement S;
identifier reg =~ "_kstate_register$";
identifier unreg =~ "_kstate_unregister$";
position p1, p2;
@@

(
R = kstate_register@p1(T, K, E);
if (\(R\|R < 0\|R != 0\)) S
|
R = reg@p1(K, E);
if (\(R\|R < 0\|R != 0\)) S
|
if (\(kstate_register@p1(T, K, E)\|reg@p1(K, E)\)) S
|
kstate_register@p1(T, K, E);
|
reg@p1(K, E);
)
... when != kstate_unregister(...)
    when != unreg(...)
    when != E = E2
(
kfree@p2(E)
|
kvfree@p2(E)
|
kmem_cache_free@p2(..., E)
)

@script:python depends on report@
p1 << freed.p1;
p2 << freed.p2;
@@

coccilib.report.print_report(p2[0], "ERROR: freed while registered with KSTATE (line %s): unregister it first" % p1[0].line)

@script:python depends on org@
p2 << freed.p2;
@@

cocci.print_main("freed while registered", p2)

@stack depends on report || org@
type T0;
identifier x;
expression T, K;
identifier reg =~ "_kstate_register$";
position p;
@@

T0 x;
<+...
(
kstate_register@p(T, K, &x)
|
reg@p(K, &x)
)
...+>

@script:python depends on report@
x << stack.x;
p << stack.p;
@@

coccilib.report.print_report(p[0], "ERROR: %s is on the stack: registered, it would be read after it is gone" % x)

@script:python depends on org@
p << stack.p;
@@

cocci.print_main("stack object registered", p)
