#!/usr/bin/env python3
"""The changes a patch of the series needs on the 6.1 base, made in the
working tree after `git am` applied it; scripts/port-6.1.sh commits them
into the patch, with a "[ 6.1: ... ]" note.

usage: port-6.1-fix.py TREE SUBJECT    prints the note, or nothing
       port-6.1-fix.py --translate PATCH
                                      prints PATCH with each static stub
                                      redirect in its 6.1 form
       port-6.1-fix.py --rejects-ok SUBJECT REJ
                                      whether the rejected hunks of
                                      kernel/audit.c are the expected ones

What differs on 6.1 (README.md, "The 6.1 LTS base"):
  - kselftest.h has no __printf or __noreturn;
  - KUnit has no static stubs (include/kunit/static_stub.h) and no
    kunit_get_current_test(): kernel/audit_kunit_stub.h gives the tests
    what they use of the stubs, compiled out without the tests, and
    current->kunit_test stands for the current test.  Each function that
    a test replaces looks its replacement up in the open, where 6.12 has
    KUNIT_STATIC_STUB_REDIRECT(), a macro that returns: every patch is
    translated so before it is applied (translate());
  - netlink_kernel_cfg has no release hook: the NETLINK_URELEASE notifier
    tells audit that a socket closed, by port id and namespace.
"""

import os
import re
import sys

STUB_H = r'''/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit tests of kernel/audit.c use of KUnit's static stubs,
 * which this kernel lacks: a function that the tests replace asks
 * audit_kunit_stub_of() for the replacement that the running test
 * activated for it with kunit_activate_static_stub(), until the test ends,
 * and calls it instead.  Without CONFIG_AUDIT_KUNIT_TEST the answer is
 * always NULL, and the compiler drops the call.
 */
#ifndef _KERNEL_AUDIT_KUNIT_STUB_H
#define _KERNEL_AUDIT_KUNIT_STUB_H

#if IS_ENABLED(CONFIG_AUDIT_KUNIT_TEST)
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/slab.h>

/**
 * struct audit_kunit_stub - A function replaced while a test runs
 * @real: the function
 * @fake: its replacement
 *
 * Each is a resource of the test that activated it, freed when it ends.
 */
struct audit_kunit_stub {
	void *real;
	void *fake;
};

static int audit_kunit_stub_init(struct kunit_resource *res, void *stub)
{
	res->data = stub;
	return 0;
}

static void audit_kunit_stub_free(struct kunit_resource *res)
{
	kfree(res->data);
}

static bool audit_kunit_stub_match(struct kunit *test,
				   struct kunit_resource *res, void *real)
{
	struct audit_kunit_stub *stub = res->data;

	return res->free == audit_kunit_stub_free && stub->real == real;
}

/* The replacement that the running test activated for @real, or NULL */
static void *audit_kunit_stub_of(void *real)
{
	struct kunit *test = current->kunit_test;
	struct kunit_resource *res;
	void *fake;

	if (likely(!test))
		return NULL;
	res = kunit_find_resource(test, audit_kunit_stub_match, real);
	if (!res)
		return NULL;
	fake = ((struct audit_kunit_stub *)res->data)->fake;
	kunit_put_resource(res);
	return fake;
}

static void audit_kunit_stub_activate(struct kunit *test, void *real,
				      void *fake)
{
	struct audit_kunit_stub *stub;
	void *res;

	stub = kmalloc(sizeof(*stub), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stub);
	stub->real = real;
	stub->fake = fake;
	res = kunit_alloc_resource(test, audit_kunit_stub_init,
				   audit_kunit_stub_free, GFP_KERNEL, stub);
	if (!res)
		kfree(stub);
	KUNIT_ASSERT_NOT_NULL(test, res);
}

#define kunit_activate_static_stub(test, real_fn_addr, replacement_addr) \
	audit_kunit_stub_activate(test, real_fn_addr, replacement_addr)

#else
static inline void *audit_kunit_stub_of(void *real)
{
	return NULL;
}
#endif /* CONFIG_AUDIT_KUNIT_TEST */

#endif /* _KERNEL_AUDIT_KUNIT_STUB_H */
'''

NOTIFY = r'''/**
 * audit_netlink_notify - A netlink socket is being closed
 * @nb: notifier block
 * @event: netlink notifier event
 * @ptr: the socket's struct netlink_notify
 *
 * Description:
 * netlink_release() calls the NETLINK_URELEASE notifiers in process
 * context, after it unhashed the socket and marked it dead.  If it is the
 * registered auditd's socket, auditd is gone, and its port is anyone's to
 * bind: reset the connection now, rather than on kauditd's next failed
 * send, so that no record goes to whoever binds the port next.  If it is
 * the socket of the auditd that went before, wake kauditd to take back
 * what was left unread in it; see kauditd_follow().
 */
static int audit_netlink_notify(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	const struct netlink_notify *n = ptr;
	struct auditd_connection *ac;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_AUDIT)
		return NOTIFY_DONE;

	/* under RCU, @ac cannot be freed, and its memory used again */
	rcu_read_lock();
	ac = rcu_dereference(auditd_conn);
	/*
	 * The port is anyone's to bind once the socket is unhashed, and a new
	 * auditd may hold it already: only the socket that closed is dead.
	 */
	if (ac && ac->portid == n->portid && net_eq(ac->net, n->net) &&
	    sock_flag(ac->sk, SOCK_DEAD))
		auditd_reset(ac);
	rcu_read_unlock();

	/*
	 * Pairs with smp_mb() in kauditd_follow().  Also when the socket was
	 * the registered auditd's: an unregistration that raced ours may have
	 * made it departed already, and then our reset did not wake kauditd.
	 * A port that matches by chance, reused in another namespace, only
	 * costs kauditd a pass.
	 */
	smp_mb();
	if (READ_ONCE(kauditd_departed_sk) &&
	    READ_ONCE(kauditd_departed_portid) == n->portid)
		kauditd_poke();
	return NOTIFY_DONE;
}

static struct notifier_block audit_netlink_notifier = {
	.notifier_call = audit_netlink_notify,
};
'''

NOTIFY_UNREGISTER = r'''/**
 * audit_netlink_notify - A netlink socket is being closed
 * @nb: notifier block
 * @event: netlink notifier event
 * @ptr: the socket's struct netlink_notify
 *
 * Description:
 * netlink_release() calls the NETLINK_URELEASE notifiers in process
 * context, after it unhashed the socket and marked it dead.  If it is the
 * registered auditd's socket, auditd is gone, and its port is anyone's to
 * bind: reset the connection now, rather than on kauditd's next failed
 * send, so that no record goes to whoever binds the port next.
 */
static int audit_netlink_notify(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	const struct netlink_notify *n = ptr;
	struct auditd_connection *ac;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_AUDIT)
		return NOTIFY_DONE;

	/* under RCU, @ac cannot be freed, and its memory used again */
	rcu_read_lock();
	ac = rcu_dereference(auditd_conn);
	/*
	 * The port is anyone's to bind once the socket is unhashed, and a new
	 * auditd may hold it already: only the socket that closed is dead.
	 */
	if (ac && ac->portid == n->portid && net_eq(ac->net, n->net) &&
	    sock_flag(ac->sk, SOCK_DEAD))
		auditd_reset(ac);
	rcu_read_unlock();
	return NOTIFY_DONE;
}

static struct notifier_block audit_netlink_notifier = {
	.notifier_call = audit_netlink_notify,
};
'''


def edit(path, old, new, count=1):
    with open(path) as f:
        text = f.read()
    if text.count(old) < count:
        sys.exit(f"port-6.1-fix: {path}: text to change not found:\n{old}")
    with open(path, "w") as f:
        f.write(text.replace(old, new))


def selftests(tree):
    h = os.path.join(tree, "tools/testing/selftests/audit/audit_common.h")
    edit(h, "static inline __printf(2, 3) int audit_user(", "static inline int audit_user(")
    edit(h, "static __noreturn void daemon_main(const struct daemon_opts *o,\n"
            "\t\t\t\t   struct record_log *log, int ready, int gate)",
         "static void daemon_main(const struct daemon_opts *o, struct record_log *log,\n"
         "\t\t\tint ready, int gate)")
    t = os.path.join(tree, "tools/testing/selftests/audit/backlog_test.c")
    edit(t, "static void env_setup(struct __test_metadata *_metadata, struct audit_env *env,\n",
         "/*\n"
         " * The kselftest harness of 6.1 runs a test even when the setup of its\n"
         " * fixture skipped it, and takes this exit status of the test's process\n"
         " * for a skip.\n"
         " */\n"
         "#define SETUP_SKIP 255\n\n"
         "static void env_setup(struct __test_metadata *_metadata, struct audit_env *env,\n")
    for reason in ('"audit daemons must run as root"',
                   '"no NETLINK_AUDIT: CONFIG_AUDIT=n or booted with audit=0"',
                   '"an audit daemon (pid %u) is running, stop it first"',
                   '"audit configuration is locked (enabled=2)"'):
        edit(t, f"SKIP(return, {reason}", f"SKIP(_exit(SETUP_SKIP), {reason}")
    return ("no __printf or __noreturn on audit_user() and daemon_main(): the "
            "kselftest.h of 6.1 does not define them; and the kselftest harness "
            "of 6.1 runs a test even when the setup of its fixture skipped it, "
            "so env_setup() ends the test's process with the harness's skip status")


def kunit(tree):
    with open(os.path.join(tree, "kernel/audit_kunit_stub.h"), "w") as f:
        f.write(STUB_H)
    # the include of <kunit/static_stub.h> did not apply: other context
    edit(os.path.join(tree, "kernel/audit.c"), "#include <net/netns/generic.h>\n",
         "#include <net/netns/generic.h>\n#include \"audit_kunit_stub.h\"\n")
    k = os.path.join(tree, "kernel/audit_kunit.c")
    edit(k, "#include <kunit/static_stub.h>\n", "")
    edit(k, "kunit_get_current_test()", "current->kunit_test")
    return ("6.1 has no KUnit static stubs, nor kunit_get_current_test(): "
            "kernel/audit_kunit_stub.h provides what the tests use of the "
            "stubs, compiled out without CONFIG_AUDIT_KUNIT_TEST; each "
            "function that the tests replace looks up its replacement with "
            "audit_kunit_stub_of(), where 6.12 has KUNIT_STATIC_STUB_REDIRECT(); "
            "and the tests use current->kunit_test")


def unregister(tree):
    c = os.path.join(tree, "kernel/audit.c")
    with open(c) as f:
        text = f.read()
    start = text.index("/**\n * audit_release - A NETLINK_AUDIT socket is being closed")
    end = text.index("static int __net_init audit_net_init")
    text = text[:start] + NOTIFY_UNREGISTER + "\n" + text[end:]
    with open(c, "w") as f:
        f.write(text)
    edit(c, "\t\t.unbind\t= audit_multicast_unbind,\n\t\t.release = audit_release,\n",
         "\t\t.unbind\t= audit_multicast_unbind,\n")
    edit(c, "\tregister_pernet_subsys(&audit_net_ops);\n",
         "\tregister_pernet_subsys(&audit_net_ops);\n"
         "\tnetlink_register_notifier(&audit_netlink_notifier);\n")
    edit(c, " * @sk: auditd's own netlink socket, referenced; see audit_release()\n",
         " * @sk: auditd's own netlink socket, referenced; see kauditd_unicast()\n")
    edit(c, " * closed auditd socket gets nothing more, whoever binds its port next:\n"
            " * audit_release() resets the connection, and -ECONNREFUSED ends the pass\n"
            " * that sent to it.  Returns zero when auditd took the record, or a negative\n"
            " * error code when the record is still the caller's.\n",
         " * closed auditd socket gets nothing more, whoever binds its port next:\n"
         " * audit_netlink_notify() resets the connection, and -ECONNREFUSED ends\n"
         " * the pass that sent to it.  Returns zero when auditd took the record,\n"
         " * or a negative error code when the record is still the caller's.\n")
    # the include's context differs on 6.1 (security.h under an #ifdef)
    edit(c, "#include <linux/skbuff.h>\n",
         "#include <linux/skbuff.h>\n#include <linux/filter.h>\n")
    return ("netlink_kernel_cfg has no release hook on 6.1: the NETLINK_URELEASE "
            "notifier, audit_netlink_notify(), tells audit that a socket closed, "
            "by its port id and namespace; the registered auditd's socket must "
            "also be dead, as its port may be a new auditd's already")


def reclaim(tree):
    c = os.path.join(tree, "kernel/audit.c")
    edit(c, "static struct sock *kauditd_auditd_sk;\nstatic struct sock *kauditd_departed_sk;\n",
         "static struct sock *kauditd_auditd_sk;\nstatic u32 kauditd_auditd_portid;\n"
         "static struct sock *kauditd_departed_sk;\nstatic u32 kauditd_departed_portid;\n")
    edit(c, " * kauditd_thread() holds a reference to each, and alone changes them;\n"
            " * audit_release() only compares the departed socket.\n",
         " * kauditd_thread() holds a reference to each, and alone changes them;\n"
         " * audit_netlink_notify() only reads the departed port.\n")
    edit(c, "\t\t\tkauditd_departed_sent = kauditd_sent;\n"
            "\t\t\tWRITE_ONCE(kauditd_departed_sk, departed);\n",
         "\t\t\tkauditd_departed_sent = kauditd_sent;\n"
         "\t\t\tWRITE_ONCE(kauditd_departed_portid,\n"
         "\t\t\t\t   kauditd_auditd_portid);\n"
         "\t\t\tWRITE_ONCE(kauditd_departed_sk, departed);\n")
    edit(c, "\t\tkauditd_auditd_sk = sk;\n",
         "\t\tkauditd_auditd_sk = sk;\n"
         "\t\tkauditd_auditd_portid = p->portid;\n")
    # the pass keeps auditd's port id, which the notifier compares
    edit(c, " * @auditd_sk: the registered auditd's own socket, referenced for the pass\n",
         " * @auditd_sk: the registered auditd's own socket, referenced for the pass\n"
         " * @portid: the netlink port of auditd\n")
    edit(c, "\tstruct sock *auditd_sk;\n\tbool holding;\n",
         "\tstruct sock *auditd_sk;\n\tu32 portid;\n\tbool holding;\n")
    edit(c, "\t\t\tp.auditd_sk = ac->sk;\n",
         "\t\t\tp.auditd_sk = ac->sk;\n\t\t\tp.portid = ac->portid;\n")
    edit(c, "\t\t * Either we see the socket closed, or audit_release() sees it\n"
            "\t\t * departed and pokes us.  Pairs with the smp_mb() there, after\n"
            "\t\t * netlink_release() marked the socket dead.\n",
         "\t\t * Either we see the socket closed, or audit_netlink_notify()\n"
         "\t\t * sees it departed and pokes us.  Pairs with the smp_mb()\n"
         "\t\t * there, after netlink_release() marked the socket dead.\n")
    edit(c, NOTIFY_UNREGISTER, NOTIFY)
    edit(c, " * @sk: auditd's own netlink socket, referenced; see kauditd_unicast()\n",
         " * @sk: auditd's own netlink socket, referenced; see kauditd_follow()\n")
    return ("netlink_kernel_cfg has no release hook on 6.1: audit_netlink_notify() "
            "also wakes kauditd when the departed socket closes, by its port id, "
            "which kauditd_follow() keeps")


# The functions that the KUnit tests replace: the type of a pointer to each.
STUBBED = {
    "audit_log_lost": "void (*stub)(const char *message)",
    "kauditd_printk_skb": "void (*stub)(struct sk_buff *skb)",
    "kauditd_unicast": "int (*stub)(const struct kauditd_pass *p, struct sk_buff *skb)",
    "kauditd_send_multicast_skb": "void (*stub)(struct sk_buff *skb)",
}

REDIRECT = re.compile(r"^([ +-])(\t+)KUNIT_STATIC_STUB_REDIRECT\((\w+), (.*)\);$")
IF_LINE = re.compile(r"^([ +-])(\t+)if \((.*)\)$")


def redirect(mark, indent, cond, name, args):
    """The 6.1 form of KUNIT_STATIC_STUB_REDIRECT(NAME, ARGS) under COND,
    as lines of a patch, each starting with MARK."""
    t = indent
    lines = [f"{t}if ({cond}) {{", f"\t{t}{STUBBED[name]};", "",
             f"\t{t}stub = audit_kunit_stub_of({name});"]
    if STUBBED[name].startswith("void"):
        lines += [f"\t{t}if (unlikely(stub)) {{", f"\t\t{t}stub({args});",
                  f"\t\t{t}return;", f"\t{t}}}"]
    else:
        lines += [f"\t{t}if (unlikely(stub))", f"\t\t{t}return stub({args});"]
    lines.append(f"{t}}}")
    return [mark + l if l else mark.rstrip() or mark for l in lines]


def translate(text):
    """TEXT, a patch, with each KUNIT_STATIC_STUB_REDIRECT() in its 6.1
    form, and the line counts of its hunks grown to match."""
    hunk = re.compile(r"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@(.*)$")
    out = []
    head = None
    for line in text.split("\n"):
        m = REDIRECT.match(line)
        if hunk.match(line):
            head = len(out)
        if not m:
            out.append(line)
            continue
        mark, indent, name, args = m.groups()
        cond = "IS_ENABLED(CONFIG_AUDIT_KUNIT_TEST)"
        prev = IF_LINE.match(out[-1])
        grown = -1
        if prev and prev.group(1) == mark and prev.group(2) + "\t" == indent:
            out.pop()
            grown -= 1
            indent, cond = prev.group(2), prev.group(3)
        lines = redirect(mark, indent, cond, name, args)
        grown += len(lines)
        out += lines
        h = hunk.match(out[head])
        old, new = int(h.group(2)), int(h.group(4))
        old += grown if mark in " -" else 0
        new += grown if mark in " +" else 0
        out[head] = f"@@ -{h.group(1)},{old} +{h.group(3)},{new} @@{h.group(5)}"
    return "\n".join(out)


def conn_change(tree):
    c = os.path.join(tree, "kernel/audit.c")
    edit(c, " * audit_netlink_notify() resets the connection, and -ECONNREFUSED ends\n"
            " * the pass that sent to it.  Returns zero when auditd took the record,\n"
            " * or a negative error code when the record is still the caller's.\n",
         " * audit_netlink_notify() resets the connection, and -ECONNREFUSED ends\n"
         " * the pass that sent to it.  Once the connection changed since the pass\n"
         " * began, nothing is sent: -ECONNRESET.  Returns zero when auditd took the\n"
         " * record, or a negative error code when the record is still the caller's.\n")
    check = ("\t/*\n"
             "\t * An auditd that unregistered reads what is left on its socket, and\n"
             "\t * closes it: leave it what it has.  Only compared, so no barrier: a\n"
             "\t * send that began before the change may still land after its last\n"
             "\t * read, as before.\n"
             "\t */\n"
             "\tif (READ_ONCE(*p->conn) != p->conn_seq)\n"
             "\t\treturn -ECONNRESET;\n\n")
    with open(c) as f:
        applied = check in f.read()
    if not applied:
        edit(c, "static int kauditd_unicast(const struct kauditd_pass *p, struct sk_buff *skb)\n"
                "{\n\tint rc;\n\n\tif (IS_ENABLED(CONFIG_AUDIT_KUNIT_TEST)) {\n",
             "static int kauditd_unicast(const struct kauditd_pass *p, struct sk_buff *skb)\n"
             "{\n\tint rc;\n\n" + check +
             "\tif (IS_ENABLED(CONFIG_AUDIT_KUNIT_TEST)) {\n")
    return ("the comment above kauditd_unicast() names audit_netlink_notify(), "
            "which resets the connection on 6.1")


def rejects_ok(subject, rej):
    """Whether the hunks of kernel/audit.c that did not apply are those
    that 6.1 has in other form, and that the fix of SUBJECT makes."""
    with open(rej) as f:
        hunks = f.read().split("\n@@")[1:]
    if subject == "audit: give the records a dead auditd never read to the next one":
        return bool(hunks) and all("audit_release" in h or "registered" in h
                                   for h in hunks)
    if subject == "audit: send nothing more in a pass of kauditd once auditd changed":
        # the comment above kauditd_unicast(), and the check below it
        return 0 < len(hunks) <= 2 and "audit_release" in hunks[0]
    includes = {"+#include <kunit/static_stub.h>", "+#include <linux/filter.h>"}
    added = [l for l in hunks[0].split("\n") if l.startswith("+")] if hunks else []
    return len(hunks) == 1 and len(added) == 1 and added[0] in includes


FIXES = {
    "selftests/audit: test the kauditd backlog against audit daemons": selftests,
    "audit: add KUnit tests for the kauditd queues": kunit,
    "audit: unregister auditd as soon as its socket is closed": unregister,
    "audit: give the records a dead auditd never read to the next one": reclaim,
    "audit: send nothing more in a pass of kauditd once auditd changed": conn_change,
}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--translate":
        with open(sys.argv[2]) as f:
            sys.stdout.write(translate(f.read()))
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--rejects-ok":
        sys.exit(0 if rejects_ok(sys.argv[2], sys.argv[3]) else 1)
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    fix = FIXES.get(sys.argv[2])
    if fix:
        print(fix(sys.argv[1]))


if __name__ == "__main__":
    main()
