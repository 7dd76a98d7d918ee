// SPDX-License-Identifier: GPL-2.0
/*
 * audit-hostile - malformed and unprivileged NETLINK_AUDIT requests.
 *
 * usage: audit-hostile
 *
 * Registers a test audit daemon, then, for each case, has a child process
 * send a request that must be refused: truncated, oversized or with a bogus
 * nlmsg_len; with a pid that is not the sender's; from a non-initial user
 * or pid namespace; without CAP_AUDIT_CONTROL or CAP_AUDIT_WRITE.  Each case
 * checks the answer the kernel gives (the errno in the NLMSG_ERROR, a
 * sendto() error, or no answer at all where netlink drops the message), and
 * that nothing changed:
 * - the status (audit_pid, enabled, failure, rate and backlog limits, wait
 *   time, lost) is what it was before;
 * - the registered daemon still gets records: a marker sent after the case
 *   reaches it, and the only records before the marker are the refusals
 *   the kernel logs (AUDIT_CONFIG_CHANGE with res=0, and the records of the
 *   refused system call), never a change.
 *
 * Most of this is upstream's own checking (audit_netlink_ok() and
 * audit_receive_msg()); the series owns the cases marked [series]: a
 * foreign NETLINK_AUDIT socket that closes must not look like auditd going
 * (the NETLINK_URELEASE notifier of patch 7), and a registration attempt
 * against a daemon whose socket is full must not replace it or lose its
 * records.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit-netlink.h"

#define NO_ANSWER	NL_NO_ANSWER	/* the kernel sent nothing back */
#define SEND_ERROR	1000	/* sendto() failed: SEND_ERROR + errno */

static int daemon_fd, ctl_fd, ntap, nfail, nskip;
static unsigned int run_id, marks;
/* the records that fill the daemon's socket, and the next one it expects */
static char fill_tag[32];
static unsigned int fill_sent, fill_next;

static int audit_socket(void)
{
	struct timeval tv = { 2, 0 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* nl_send_raw(), with a sendto() error as SEND_ERROR + errno */
static int send_raw(int fd, int type, unsigned int nlmsg_len, unsigned int seq,
		    const void *data, size_t len, int flags)
{
	int rc = nl_send_raw(fd, type, nlmsg_len, flags, seq, data, len);

	return rc ? SEND_ERROR - rc : 0;
}

/* nl_answer(), with a recv() error other than the timeout as SEND_ERROR + errno */
static int answer(int fd, unsigned int seq, struct audit_status *status)
{
	int rc = nl_answer(fd, seq, status);

	if (rc == NL_NO_ANSWER && errno != EAGAIN)
		return SEND_ERROR + errno;
	return rc;
}

static int request(int fd, int type, const void *data, size_t len)
{
	static unsigned int seq = 100;
	int rc = send_raw(fd, type, NLMSG_LENGTH(len), ++seq, data, len, NLM_F_ACK);

	return rc ? rc : answer(fd, seq, NULL);
}

static struct audit_status status(void)
{
	static unsigned int seq = 50000;
	struct audit_status s = { 0 };

	/* AUDIT_GET is answered after its ack: ask for no ack */
	if (send_raw(ctl_fd, AUDIT_GET, NLMSG_LENGTH(0), ++seq, NULL, 0, 0) ||
	    answer(ctl_fd, seq, &s))
		die("AUDIT_GET failed");
	return s;
}

/* ---- what a case may leave behind ------------------------------------- */

/*
 * Send a marker and read the daemon's socket up to it.  Returns the number
 * of records before it that are not a logged refusal, or -1 if the marker
 * never came.
 */
static int marker_through(char *what, size_t size)
{
	char buf[NLMSG_SPACE(MSG_MAX) + 1], text[64];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int bad = 0;

	snprintf(text, sizeof(text), "hostile r=%x mark=%u", run_id, ++marks);
	if (request(ctl_fd, AUDIT_USER, text, strlen(text) + 1))
		die("marker not accepted");
	for (;;) {
		ssize_t n = recv(daemon_fd, buf, sizeof(buf) - 1, 0);
		const char *rec = buf + NLMSG_HDRLEN;

		if (n < 0 && errno == ENOBUFS)
			continue;
		if (n < NLMSG_HDRLEN)
			return -1;
		buf[n] = '\0';
		if (nlh->nlmsg_type == AUDIT_USER && strstr(rec, text))
			return bad;
		if (nlh->nlmsg_type == AUDIT_USER && strstr(rec, fill_tag) &&
		    (unsigned int)atoi(strstr(rec, fill_tag) + strlen(fill_tag)) ==
		    fill_next) {
			fill_next++;
			continue;
		}
		switch (nlh->nlmsg_type) {
		case AUDIT_CONFIG_CHANGE:
			if (strstr(rec, " res=0"))
				continue;
			break;
		case AUDIT_SYSCALL:
		case AUDIT_SOCKADDR:
		case AUDIT_PROCTITLE:
		case AUDIT_EOE:
		case AUDIT_REPLACE:
		case NLMSG_ERROR:
			continue;
		}
		if (!bad++)
			snprintf(what, size, "type %d: %.80s", nlh->nlmsg_type, rec);
	}
}

static int same_status(const struct audit_status *a, const struct audit_status *b)
{
	return a->pid == b->pid && a->enabled == b->enabled &&
	       a->failure == b->failure && a->rate_limit == b->rate_limit &&
	       a->backlog_limit == b->backlog_limit && a->lost == b->lost &&
	       a->backlog_wait_time == b->backlog_wait_time;
}

/* ---- children --------------------------------------------------------- */

struct hostile {
	const char *name;
	int (*fn)(const struct hostile *h);
	int type;		/* message type */
	int len;		/* payload length; -1: sizeof(struct audit_status) */
	int nlmsg_len;		/* 0: the true length */
	unsigned int mask;
	int pid;		/* AUDIT_SET's pid (-1: our own), or failure */
	int expect;		/* the answer */
	const char *why;
};

/* build and send the request of @h from a new socket, return the answer */
static int send_case(const struct hostile *h)
{
	static unsigned int seq = 7000;
	struct audit_status s = { .mask = h->mask };
	size_t len = h->len < 0 ? sizeof(s) : (size_t)h->len;
	char *payload;
	int fd = audit_socket(), rc;

	if (fd < 0)
		return SEND_ERROR - fd;
	payload = calloc(1, len + sizeof(s));
	if (!payload)
		die("out of memory");
	s.pid = h->pid == -1 ? (unsigned int)getpid() : (unsigned int)h->pid;
	if (h->mask == AUDIT_STATUS_FAILURE)
		s.failure = h->pid;
	if (h->type == AUDIT_USER)
		snprintf(payload, len, "hostile r=%x user message", run_id);
	else
		memcpy(payload, &s, len < sizeof(s) ? len : sizeof(s));
	rc = send_raw(fd, h->type, h->nlmsg_len ? (unsigned int)h->nlmsg_len :
		      NLMSG_LENGTH(len), ++seq, payload, len, NLM_F_ACK);
	if (!rc)
		rc = answer(fd, seq, NULL);
	free(payload);
	close(fd);
	return rc;
}

static int plain(const struct hostile *h)
{
	return send_case(h);
}

static int drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[cap / 32].effective &= ~(1u << (cap % 32));
	data[cap / 32].permitted &= ~(1u << (cap % 32));
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

static int without_control(const struct hostile *h)
{
	return drop_cap(CAP_AUDIT_CONTROL) ? -1 : send_case(h);
}

static int without_write(const struct hostile *h)
{
	return drop_cap(CAP_AUDIT_WRITE) ? -1 : send_case(h);
}

#define SKIPPED 3000

static int in_user_ns(const struct hostile *h)
{
	if (unshare(CLONE_NEWUSER))
		return SKIPPED + errno;
	return send_case(h);
}

static int in_pid_ns(const struct hostile *h)
{
	int st;
	pid_t pid;

	if (unshare(CLONE_NEWPID))
		return SKIPPED + errno;
	/* the first child is pid 1 of the new namespace */
	pid = fork();
	if (pid < 0)
		return SKIPPED + errno;
	if (!pid)
		_exit(-send_case(h) & 0xff);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return NO_ANSWER;
	return -WEXITSTATUS(st);
}

/*
 * [series] a NETLINK_AUDIT socket of a process that is not auditd talks to
 * the kernel and closes: auditd must stay registered.
 */
static int foreign_close(const struct hostile *h)
{
	int i, rc = 0;

	(void)h;
	for (i = 0; i < 50 && !rc; i++) {
		int fd = audit_socket();

		rc = request(fd, AUDIT_GET, NULL, 0);
		close(fd);
	}
	return rc;
}

/* run @h->fn in a child; its answer comes back through a pipe */
static int in_child(const struct hostile *h)
{
	int p[2], rc = NO_ANSWER, st;
	pid_t pid;

	if (pipe(p))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		close(p[0]);
		rc = h->fn(h);
		if (write(p[1], &rc, sizeof(rc)) != sizeof(rc))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &rc, sizeof(rc)) != sizeof(rc))
		rc = NO_ANSWER;
	close(p[0]);
	waitpid(pid, &st, 0);
	return rc;
}

static const char *answer_name(int rc, char *buf, size_t size)
{
	if (rc == NO_ANSWER)
		snprintf(buf, size, "no answer");
	else if (rc >= SKIPPED)
		snprintf(buf, size, "cannot set up: %s", strerror(rc - SKIPPED));
	else if (rc >= SEND_ERROR)
		snprintf(buf, size, "sendto() %s", strerrorname_np(rc - SEND_ERROR));
	else if (rc < 0)
		snprintf(buf, size, "%s", strerrorname_np(-rc));
	else
		snprintf(buf, size, "accepted (%d)", rc);
	return buf;
}

static void run_case(const struct hostile *h)
{
	struct audit_status before = status(), after;
	char got[64], want[64], left[128] = "";
	int rc = in_child(h), bad, same;

	bad = marker_through(left, sizeof(left));
	after = status();
	same = same_status(&before, &after);
	answer_name(rc, got, sizeof(got));
	answer_name(h->expect, want, sizeof(want));
	ntap++;
	if (rc >= SKIPPED) {
		nskip++;
		printf("ok %d %s # SKIP %s\n", ntap, h->name, got);
		return;
	}
	if (rc == h->expect && same && !bad) {
		printf("ok %d %s # %s (%s)\n", ntap, h->name, got, h->why);
		return;
	}
	nfail++;
	printf("not ok %d %s # got %s, want %s (%s)%s%s%s%s\n", ntap, h->name,
	       got, want, h->why, same ? "" : "; the status changed",
	       bad < 0 ? "; the daemon no longer gets records" : "",
	       bad > 0 ? "; a change was logged: " : "", bad > 0 ? left : "");
	if (!same)
		printf("# before: pid %u enabled %u failure %u lost %u limit %u; "
		       "after: pid %u enabled %u failure %u lost %u limit %u\n",
		       before.pid, before.enabled, before.failure, before.lost,
		       before.backlog_limit, after.pid, after.enabled,
		       after.failure, after.lost, after.backlog_limit);
}

/* ---- [series] a registration attempt against a full auditd socket ---- */

/* bytes queued on the socket with netlink port @portid (/proc/net/netlink) */
static long rmem_of(unsigned int portid)
{
	char line[256];
	long rmem = -1;
	FILE *f = fopen("/proc/net/netlink", "r");

	while (f && fgets(line, sizeof(line), f)) {
		unsigned int eth, pid;
		long r;

		if (sscanf(line, "%*s %u %u %*x %ld", &eth, &pid, &r) == 3 &&
		    eth == NETLINK_AUDIT && pid == portid)
			rmem = r;
	}
	if (f)
		fclose(f);
	return rmem;
}

/*
 * Stop reading the daemon's socket and send records until it is full, so
 * that audit_replace()'s probe of the registered daemon cannot be queued.
 * The records must all reach the daemon later, in order (marker_through()).
 */
static int fill_daemon_socket(void)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);
	int size = 8192, i;
	char text[64];

	if (getsockname(daemon_fd, (struct sockaddr *)&sa, &len))
		die("getsockname: %s", strerror(errno));
	setsockopt(daemon_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	len = sizeof(size);
	getsockopt(daemon_fd, SOL_SOCKET, SO_RCVBUF, &size, &len);
	for (i = 0; i < 2000; i++) {
		if (rmem_of(sa.nl_pid) > size * 3 / 4)
			return 0;
		snprintf(text, sizeof(text), "%s%u", fill_tag, fill_sent++);
		if (request(ctl_fd, AUDIT_USER, text, strlen(text) + 1))
			die("fill record not accepted");
	}
	return -1;
}

static int registration_while_full(const struct hostile *h)
{
	return send_case(h);
}

/* ---- the cases -------------------------------------------------------- */

#define STATUS_LEN	((int)sizeof(struct audit_status))
#define OWN		-1

static const struct hostile cases[] = {
	{ "set_empty", plain, AUDIT_SET, 0, 0, 0, 0, 0,
	  "no field: a no-op, fields past the end read as zero" },
	{ "set_truncated_before_pid", plain, AUDIT_SET, 12, 0, AUDIT_STATUS_PID, 0,
	  -EACCES, "the missing pid reads as 0: unregistration, not ours" },
	{ "set_truncated_wait_time", plain, AUDIT_SET, 24, 0,
	  AUDIT_STATUS_BACKLOG_WAIT_TIME, 0, -EINVAL,
	  "backlog_wait_time needs the whole struct" },
	{ "set_oversized", plain, AUDIT_SET, 4096, 0, 0, 0, 0,
	  "bytes past struct audit_status are ignored" },
	{ "set_larger_than_sndbuf", plain, AUDIT_SET, 1 << 20, 0, 0, 0,
	  SEND_ERROR + EMSGSIZE, "netlink refuses it before audit sees it" },
	{ "nlmsg_len_past_datagram", plain, AUDIT_SET, STATUS_LEN, 4096,
	  AUDIT_STATUS_PID, OWN, NO_ANSWER, "nlmsg_ok() fails: dropped, no ack" },
	{ "nlmsg_len_below_header", plain, AUDIT_SET, STATUS_LEN, 8,
	  AUDIT_STATUS_PID, OWN, NO_ANSWER, "nlmsg_ok() fails: dropped, no ack" },
	{ "set_pid_of_another", plain, AUDIT_SET, -1, 0, AUDIT_STATUS_PID, 1,
	  -EINVAL, "a daemon can only register itself" },
	{ "set_negative_pid", plain, AUDIT_SET, -1, 0, AUDIT_STATUS_PID, -5,
	  -EINVAL, "a daemon can only register itself" },
	{ "set_pid_while_registered", plain, AUDIT_SET, -1, 0, AUDIT_STATUS_PID,
	  OWN, -EEXIST, "a live auditd is not replaced" },
	{ "unregister_not_auditd", plain, AUDIT_SET, -1, 0, AUDIT_STATUS_PID, 0,
	  -EACCES, "only auditd unregisters itself" },
	{ "set_bad_failure_mode", plain, AUDIT_SET, -1, 0, AUDIT_STATUS_FAILURE,
	  AUDIT_FAIL_PANIC + 1, -EINVAL, "failure is silent, printk or panic" },
	{ "unknown_type", plain, 1099, 8, 0, 0, 0, -EINVAL, "not an audit message" },
	{ "obsolete_list", plain, AUDIT_LIST, 8, 0, 0, 0, -EOPNOTSUPP,
	  "AUDIT_LIST is gone" },
	{ "set_from_user_ns", in_user_ns, AUDIT_SET, -1, 0, AUDIT_STATUS_PID, OWN,
	  -ECONNREFUSED, "only the initial user namespace" },
	{ "user_msg_from_user_ns", in_user_ns, AUDIT_USER, 64, 0, 0, 0,
	  -ECONNREFUSED, "only the initial user namespace" },
	{ "set_from_pid_ns", in_pid_ns, AUDIT_SET, -1, 0, AUDIT_STATUS_PID, OWN,
	  -EPERM, "auditd only in the initial pid namespace" },
	{ "get_from_pid_ns", in_pid_ns, AUDIT_GET, 0, 0, 0, 0, -EPERM,
	  "auditctl only in the initial pid namespace" },
	{ "set_without_cap_audit_control", without_control, AUDIT_SET, -1, 0,
	  AUDIT_STATUS_PID, OWN, -EPERM, "needs CAP_AUDIT_CONTROL" },
	{ "get_without_cap_audit_control", without_control, AUDIT_GET, 0, 0, 0, 0,
	  -EPERM, "needs CAP_AUDIT_CONTROL" },
	{ "user_msg_without_cap_audit_write", without_write, AUDIT_USER, 64, 0, 0,
	  0, -EPERM, "needs CAP_AUDIT_WRITE" },
	{ "series_foreign_socket_closes", foreign_close, 0, 0, 0, 0, 0, 0,
	  "[series] not auditd's socket: auditd stays" },
	{ "series_register_while_auditd_full", registration_while_full, AUDIT_SET,
	  -1, 0, AUDIT_STATUS_PID, OWN, -EEXIST,
	  "[series] a full auditd is not replaced, its records wait in order" },
};

int main(void)
{
	struct audit_status s = { .mask = AUDIT_STATUS_PID }, before;
	unsigned int i, n = sizeof(cases) / sizeof(cases[0]);
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	prog = "audit-hostile";
	run_id = getpid();
	snprintf(fill_tag, sizeof(fill_tag), "hostile r=%x fill=", run_id);
	daemon_fd = audit_socket();
	ctl_fd = audit_socket();
	if (daemon_fd < 0 || ctl_fd < 0)
		die("socket(NETLINK_AUDIT): %s", strerror(-daemon_fd));
	before = status();
	if (before.pid)
		die("an audit daemon (pid %u) is registered: stop it first", before.pid);
	s.pid = getpid();
	rc = request(daemon_fd, AUDIT_SET, &s, sizeof(s));
	if (rc)
		die("cannot register as the test daemon: %d", rc);
	if (!before.enabled) {
		struct audit_status e = { .mask = AUDIT_STATUS_ENABLED, .enabled = 1 };

		if (request(ctl_fd, AUDIT_SET, &e, sizeof(e)))
			die("cannot enable audit");
	}
	{
		char ignored[128];

		if (marker_through(ignored, sizeof(ignored)) < 0)
			die("the test daemon gets no records");
	}

	printf("TAP version 13\n1..%u\n", n);
	for (i = 0; i < n; i++) {
		if (cases[i].fn == registration_while_full && fill_daemon_socket()) {
			ntap++;
			nfail++;
			printf("not ok %d %s # the daemon's socket never filled\n",
			       ntap, cases[i].name);
			continue;
		}
		run_case(&cases[i]);
	}

	/* leave things as they were */
	s.pid = 0;
	request(daemon_fd, AUDIT_SET, &s, sizeof(s));
	if (!before.enabled) {
		struct audit_status e = { .mask = AUDIT_STATUS_ENABLED, .enabled = 0 };

		request(ctl_fd, AUDIT_SET, &e, sizeof(e));
	}
	printf("# %d passed, %d failed, %d skipped\n", ntap - nfail - nskip,
	       nfail, nskip);
	return nfail ? 1 : 0;
}
