// SPDX-License-Identifier: GPL-2.0
/*
 * audit-stress - torture the kauditd backlog and account for every record.
 *
 * usage: audit-stress [-t SECONDS] [-s SEED] [-p PRODUCERS] [-r RATE]
 *                     [-f PERCENT] [-c SECONDS] [-b LIMIT]
 *   -t  how long the producers run and the daemons flap (default 60)
 *   -s  seed of the flap schedule (default 1): the same seed gives the same
 *       sequence of flaps, delays and buffer sizes
 *   -p  producer processes (default 4); even ones send AUDIT_USER messages,
 *       odd ones make audited getppid() calls (all send AUDIT_USER with -c);
 *       with N > 1 CPUs, producer p is pinned to the (p mod N)-th of them
 *   -r  events a second each producer aims at (default 150)
 *   -f  fail this percentage of the slab and page allocations of the
 *       AUDIT_USER producers (fault injection, default 0: off)
 *   -c  instead of the stress run: keep auditd stopped with SIGSTOP for
 *       SECONDS while the producers go on, and report kauditd's CPU time,
 *       against its CPU time for the SECONDS before, while auditd read
 *       every record: behind a stopped auditd, kauditd may spend no more
 *       than that, or than CPU_BOUND_PCT of a CPU, whichever is more.  The
 *       daemon's receive buffer is one record's worth, so that it is full
 *       for all but the first moment of the stop
 *   -b  audit_backlog_limit for the run (default 1024, 0: none): small
 *       enough that the hold queue overflows while no daemon is there, and
 *       producers wait while one is stopped
 *
 * Everything runs as root in the guest, in one run of this program:
 * - producers, whose every record says who made it and its number;
 * - test audit daemons, one registered at a time, which log every record
 *   they read in shared memory;
 * - a listener on AUDIT_NLGRP_READLOG, as journald does;
 * - the controller (this process), which flaps the daemons at moments drawn
 *   from the seed: SIGSTOP then SIGCONT, SIGKILL, unregistration, handover
 *   to a new process, and a new receive buffer size.
 *
 * A daemon reads a record with MSG_PEEK, logs it, and only then takes it off
 * its socket; it tells the controller when it is between the two.  The
 * controller kills a daemon only while it is stopped outside that window, so
 * that a record the daemon took is always logged, and a record it did not
 * take stays in its socket, where the kernel must find it again.
 *
 * At the end one last daemon is registered and a marker record is sent; once
 * the daemon and the listener have it, the run is judged.  The output is TAP,
 * one case per property, then a table.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit-netlink.h"

#define MAGIC		0xa0d5eL	/* a0 of the producers' getppid() */
#define MAX_PROD	16
#define MAX_DAEMONS	4096
#define DRAIN_TIMEOUT	180	/* seconds for the end marker to arrive */
#define FAULT_TIMES	100000000
/*
 * kauditd may use this much of one CPU while auditd is stopped (-c), or as
 * much as it used while auditd read every record, if that is more: on an
 * emulated machine, passing the records on takes a measurable part of a
 * CPU, and more while auditd is stopped would mean kauditd spins.
 */
#define CPU_BOUND_PCT	1
#define STR(x)		#x
#define XSTR(x)		STR(x)
#define SYSCALL_SENDTO	XSTR(__NR_sendto)

/* what a logged record is: a producer's index, or one of these */
enum {
	WHO_MARK_PRE = MAX_PROD,
	WHO_MARK_START,
	WHO_MARK_END,
	WHO_CFG,	/* AUDIT_CONFIG_CHANGE for audit_pid */
	WHO_COMPANION,	/* any other record of a getppid() or sendto() event */
	WHO_OTHER,
};

/* one record as a daemon or the listener received it */
struct entry {
	uint32_t who;
	uint32_t seq;
	uint32_t serial;
	uint16_t daemon;
	uint16_t type;		/* written last: non-zero once complete */
};

enum { CMD_NONE, CMD_RCVBUF, CMD_UNREGISTER };
enum { END_NOT, END_KILL, END_UNREGISTER, END_HANDOVER_KILL, END_HANDOVER_UNREGISTER };
static const char *const end_name[] = {
	"not ended", "killed", "unregistered", "killed in a handover",
	"unregistered in a handover",
};

struct daemon_slot {
	pid_t pid;
	int cmd;
	int arg;
	int busy;		/* between MSG_PEEK and taking the record */
	int registered;
	int exited;
	int ended;		/* how flap() ended it: END_* */
	long records;
	long set_requests;	/* AUDIT_SET audit_pid requests processed */
	long set_records;	/* the records those requests made */
	long enobufs;
	long lost_acks;		/* AUDIT_SET acks the kernel dropped */
	long eexist;
	int rcvbuf;
};

struct producer_slot {
	pid_t pid;
	int cpu;		/* the CPU it is pinned to, -1: not pinned */
	long generated;		/* events 0 .. generated-1 were made */
	long refused;		/* sendmsg() errors: nothing was made */
};

struct shared {
	unsigned int run;
	int stop_producers;
	int stop_listener;
	int end_seen_unicast;
	int end_seen_mcast;
	int pre_seen;
	int listener_bound;
	int nprod;
	int cpu_run;
	long mc_records;
	long mc_overruns;
	long ulog_len;
	long mlog_len;
	struct producer_slot prod[MAX_PROD];
	struct daemon_slot d[MAX_DAEMONS];
};

static struct shared *sh;
static struct entry *ulog, *mlog;
static long log_cap;
static int ndaemons;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* splitmix64: the flap schedule comes from the seed alone */
static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static long rnd(long lo, long hi)
{
	return lo + (long)(rng() % (uint64_t)(hi - lo + 1));
}

static void *shared_map(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		die("mmap %zu bytes: %s", size, strerror(errno));
	return p;
}

/* ---- netlink ---------------------------------------------------------- */

static int audit_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);

	if (fd < 0)
		die("socket(NETLINK_AUDIT): %s", strerror(errno));
	return fd;
}

static struct audit_status get_status(int fd)
{
	struct audit_status s = { 0 };
	int rc = nl_request(fd, AUDIT_GET, NULL, 0, &s);

	if (rc)
		die("AUDIT_GET: %s", strerror(-rc));
	return s;
}

static void set_status(int fd, unsigned int mask, unsigned int value)
{
	struct audit_status s = { .mask = mask };
	int rc;

	switch (mask) {
	case AUDIT_STATUS_ENABLED:
		s.enabled = value;
		break;
	case AUDIT_STATUS_BACKLOG_LIMIT:
		s.backlog_limit = value;
		break;
	case AUDIT_STATUS_BACKLOG_WAIT_TIME:
		s.backlog_wait_time = value;
		break;
	}
	rc = nl_request(fd, AUDIT_SET, &s, sizeof(s), NULL);
	if (rc)
		die("AUDIT_SET mask %#x: %s", mask, strerror(-rc));
}

static void send_marker(int fd, const char *name)
{
	char text[128];
	int rc;

	snprintf(text, sizeof(text), "stress r=%x mark=%s", sh->run, name);
	rc = nl_request(fd, AUDIT_USER, text, strlen(text) + 1, NULL);
	if (rc)
		die("marker %s: %s", name, strerror(-rc));
}

/* ---- parsing what arrives --------------------------------------------- */

static int hexfield(const char *text, const char *key, unsigned long *v)
{
	const char *p = strstr(text, key);

	if (!p)
		return 0;
	*v = strtoul(p + strlen(key), NULL, 16);
	return 1;
}

/* classify one record; @text is NUL-terminated */
static struct entry parse_record(int type, const char *text)
{
	struct entry e = { .who = WHO_OTHER, .type = type };
	unsigned long a0, a1, a2, a3;
	unsigned int run, p, s;
	const char *m;
	char mark[16];

	m = strstr(text, "audit(");
	if (m && !strchr(m, ':'))
		m = NULL;
	if (m)
		e.serial = strtoul(strchr(m, ':') + 1, NULL, 10);

	switch (type) {
	case AUDIT_USER:
		m = strstr(text, "msg='stress r=");
		if (!m)
			break;
		if (sscanf(m, "msg='stress r=%x p=%u s=%u", &run, &p, &s) == 3 &&
		    run == sh->run && p < MAX_PROD) {
			e.who = p;
			e.seq = s;
		} else if (sscanf(m, "msg='stress r=%x mark=%15[a-z]", &run,
				  mark) == 2 && run == sh->run) {
			if (!strcmp(mark, "pre"))
				e.who = WHO_MARK_PRE;
			else if (!strcmp(mark, "start"))
				e.who = WHO_MARK_START;
			else if (!strcmp(mark, "end"))
				e.who = WHO_MARK_END;
		}
		break;
	case AUDIT_SYSCALL:
		if (hexfield(text, " a0=", &a0) && a0 == MAGIC &&
		    hexfield(text, " a1=", &a1) && hexfield(text, " a2=", &a2) &&
		    hexfield(text, " a3=", &a3) && a3 == sh->run && a1 < MAX_PROD) {
			e.who = a1;
			e.seq = a2;
			break;
		}
		/* a test daemon's AUDIT_SET, see daemon_set_pid() */
		if (strstr(text, " syscall=" SYSCALL_SENDTO " ") &&
		    strstr(text, " comm=\"audit-stress\""))
			e.who = WHO_COMPANION;
		break;
	case AUDIT_SOCKADDR:
	case AUDIT_PROCTITLE:
	case AUDIT_EOE:
		e.who = WHO_COMPANION;
		break;
	case AUDIT_CONFIG_CHANGE:
		if (strstr(text, "op=set audit_pid=") || strstr(text, " audit_pid=")) {
			e.who = WHO_CFG;
			/* a registration that took: the new daemon's pid */
			m = strstr(text, "audit_pid=");
			if (m && strstr(text, " res=1") &&
			    sscanf(m, "audit_pid=%u", &p) == 1)
				e.seq = p;
		}
		break;
	}
	return e;
}

static void log_entry(struct entry *log, long *len, struct entry e)
{
	long i = __atomic_fetch_add(len, 1, __ATOMIC_SEQ_CST);
	uint16_t type = e.type;

	if (i >= log_cap)
		die("record log full (%ld records): use a shorter run", log_cap);
	e.type = 0;
	log[i] = e;
	__atomic_store_n(&log[i].type, type, __ATOMIC_RELEASE);
}

/* ---- the test audit daemon -------------------------------------------- */

/*
 * An AUDIT_SET for audit_pid makes an AUDIT_CONFIG_CHANGE record.  Once audit
 * rules are loaded, it also makes the sendto() call an event with SYSCALL,
 * SOCKADDR, PROCTITLE and EOE records, except for the registered auditd,
 * whose system calls are never audited (__audit_syscall_entry()).
 */
static int daemon_set_pid(int fd, struct daemon_slot *d, pid_t pid,
			  unsigned int seq)
{
	struct audit_status s = { .mask = AUDIT_STATUS_PID, .pid = pid };
	int rc;

	/* the request and its count go together: never killed in between */
	__atomic_store_n(&d->busy, 1, __ATOMIC_SEQ_CST);
	rc = nl_send(fd, AUDIT_SET, NLM_F_ACK, seq, &s, sizeof(s));
	if (!rc) {
		d->set_requests++;
		d->set_records += d->registered ? 1 : 5;
	}
	__atomic_store_n(&d->busy, 0, __ATOMIC_SEQ_CST);
	return rc;
}

/*
 * Take the message at the head of the socket, logging it first if it is a
 * record.  Returns 0 when the socket is empty, 1 otherwise; if the message
 * was the answer to the request @seq, sets *@acked and its error in *@err.
 */
static int daemon_read_one(int fd, int idx, unsigned int seq, int *acked,
			   int *err)
{
	struct daemon_slot *d = &sh->d[idx];
	static char buf[NLMSG_SPACE(MSG_MAX) + 1];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	ssize_t n, m;
	int type;

	n = recv(fd, buf, sizeof(buf) - 1, MSG_PEEK | MSG_DONTWAIT);
	if (n < 0) {
		if (errno == ENOBUFS) {
			/*
			 * Our socket overflowed: kauditd timed out on it and
			 * kept the record, or the kernel dropped an ack
			 * (daemon_lost_ack()).
			 */
			d->enobufs++;
			return 1;
		}
		if (errno == EINTR)
			return 1;
		if (errno == EAGAIN)
			return 0;
		die("daemon %d: recv: %s", idx, strerror(errno));
	}
	if (n < NLMSG_HDRLEN)
		die("daemon %d: short message (%zd bytes)", idx, n);
	type = nlh->nlmsg_type;

	__atomic_store_n(&d->busy, 1, __ATOMIC_SEQ_CST);
	if (type == NLMSG_ERROR) {
		if (seq && nlh->nlmsg_seq == seq) {
			*acked = 1;
			*err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		}
	} else if (type != NLMSG_DONE && type != AUDIT_REPLACE &&
		   type != AUDIT_GET) {
		struct entry e;

		/* unicast records carry nlmsg_len without the header: use n */
		buf[n] = '\0';
		e = parse_record(type, buf + NLMSG_HDRLEN);
		e.daemon = idx;
		log_entry(ulog, &sh->ulog_len, e);
		d->records++;
		if (e.who == WHO_MARK_END)
			__atomic_store_n(&sh->end_seen_unicast, 1, __ATOMIC_SEQ_CST);
		if (e.who == WHO_MARK_PRE)
			__atomic_store_n(&sh->pre_seen, 1, __ATOMIC_SEQ_CST);
	}
	/* now take it: it is the head, only this process reads the socket */
	do {
		m = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
		if (m < 0 && errno == ENOBUFS)
			d->enobufs++;
	} while (m < 0 && (errno == ENOBUFS || errno == EINTR));
	if (m != n)
		die("daemon %d: peeked %zd bytes, took %zd", idx, n, m);
	__atomic_store_n(&d->busy, 0, __ATOMIC_SEQ_CST);
	return 1;
}

static void set_rcvbuf(int fd, struct daemon_slot *d, int size)
{
	socklen_t len = sizeof(d->rcvbuf);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		die("SO_RCVBUFFORCE %d: %s", size, strerror(errno));
	getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &d->rcvbuf, &len);
}

/*
 * The pid of auditd now, asked on a socket of our own.  The kernel answers
 * AUDIT_SET in the sender's sendmsg(); its ack does not wait for room, so on
 * a daemon's full socket it is dropped and the socket gets ENOBUFS instead.
 * The request was carried out all the same: the status says how.
 */
static pid_t auditd_now(void)
{
	int fd = audit_socket();
	struct audit_status s = get_status(fd);

	close(fd);
	return s.pid;
}

/*
 * For daemon @idx, which read its socket empty after its AUDIT_SET without
 * finding the ack: the request was carried out before sendmsg() returned,
 * so the ack was dropped (netlink drops it silently, with no new ENOBUFS,
 * while the socket is still marked congested).  Take the answer from the
 * status: @registering, the request made us auditd, or failed (-EEXIST:
 * another daemon is there); unregistering, it ended us.
 */
static void daemon_lost_ack(int idx, int registering, int *acked, int *err)
{
	struct daemon_slot *d = &sh->d[idx];
	int me;

	if (*acked)
		return;
	me = auditd_now() == getpid();
	if (!registering && me)
		die("daemon %d: no ack for its unregistration, and still auditd",
		    idx);
	d->lost_acks++;
	*acked = 1;
	*err = registering && !me ? -EEXIST : 0;
}

static void daemon_main(int idx, int rcvbuf)
{
	struct daemon_slot *d = &sh->d[idx];
	struct pollfd pfd = { .events = POLLIN };
	unsigned int seq = 1;
	int acked, err = 0, unregistering = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pfd.fd = audit_socket();
	set_rcvbuf(pfd.fd, d, rcvbuf);

	/* register; -EEXIST while the daemon before is still there */
	for (;;) {
		acked = 0;
		if (daemon_set_pid(pfd.fd, d, getpid(), ++seq))
			die("daemon %d: AUDIT_SET pid: %s", idx, strerror(errno));
		while (!acked) {
			poll(&pfd, 1, 100);
			if (!daemon_read_one(pfd.fd, idx, seq, &acked, &err))
				daemon_lost_ack(idx, 1, &acked, &err);
		}
		if (!err)
			break;
		if (err != -EEXIST)
			die("daemon %d: registration: %s", idx, strerror(-err));
		d->eexist++;
		sleep_ms(20);
	}
	__atomic_store_n(&d->registered, 1, __ATOMIC_SEQ_CST);

	for (acked = 0;;) {
		int cmd = __atomic_load_n(&d->cmd, __ATOMIC_SEQ_CST);

		if (cmd == CMD_RCVBUF) {
			set_rcvbuf(pfd.fd, d, d->arg);
			__atomic_store_n(&d->cmd, CMD_NONE, __ATOMIC_SEQ_CST);
		} else if (cmd == CMD_UNREGISTER && !unregistering) {
			unregistering = 1;
			if (daemon_set_pid(pfd.fd, d, 0, ++seq))
				die("daemon %d: AUDIT_SET pid 0: %s", idx,
				    strerror(errno));
		}
		poll(&pfd, 1, 50);
		while (!acked && daemon_read_one(pfd.fd, idx, seq, &acked, &err))
			;
		if (unregistering)	/* read empty: see daemon_lost_ack() */
			daemon_lost_ack(idx, 0, &acked, &err);
		if (!acked)
			continue;
		if (!unregistering || err)
			die("daemon %d: unexpected answer %d", idx, err);
		/* unregistered: read what is left, as auditd does, and go */
		__atomic_store_n(&d->registered, 0, __ATOMIC_SEQ_CST);
		while (daemon_read_one(pfd.fd, idx, 0, &acked, &err))
			;
		_exit(0);
	}
}

static int spawn_daemon(int rcvbuf)
{
	int idx = ndaemons++;
	pid_t pid;

	if (idx >= MAX_DAEMONS)
		die("more than %d daemons", MAX_DAEMONS);
	memset(&sh->d[idx], 0, sizeof(sh->d[idx]));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		daemon_main(idx, rcvbuf);
	sh->d[idx].pid = pid;
	return idx;
}

/* ---- producers and the listener --------------------------------------- */

/*
 * Odd producers make audited getppid() calls, even ones send AUDIT_USER
 * messages; in the CPU run (-c) all send AUDIT_USER.  There producers must
 * not wait on the backlog (backlog_wait_time 0), so audit_log_start() may
 * refuse a SYSCALL record: that is counted lost, but then audit_log_exit()
 * makes none of the event's other records, and nobody can tell how many
 * records the event would have had.
 */
static int syscall_producer(int p)
{
	return p % 2 == 1 && !__atomic_load_n(&sh->cpu_run, __ATOMIC_RELAXED);
}

static void producer_main(int p, long rate, int faults)
{
	struct producer_slot *ps = &sh->prod[p];
	struct timespec pause = { 0, 10 * (1000000000L / rate) };
	int fd = -1;
	char text[64];
	long seq;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (pause.tv_nsec >= 1000000000L) {
		pause.tv_sec = pause.tv_nsec / 1000000000L;
		pause.tv_nsec %= 1000000000L;
	}
	if (!syscall_producer(p)) {
		fd = audit_socket();
		if (faults) {
			/* from here on, this process's allocations may fail */
			int mf = open("/proc/self/make-it-fail", O_WRONLY);

			if (mf < 0 || write(mf, "1", 1) != 1)
				die("producer %d: make-it-fail: %s", p,
				    strerror(errno));
			close(mf);
		}
	}
	for (seq = 0; !__atomic_load_n(&sh->stop_producers, __ATOMIC_SEQ_CST);) {
		if (fd < 0) {
			syscall(SYS_getppid, MAGIC, p, seq, sh->run);
		} else {
			int len = snprintf(text, sizeof(text),
					   "stress r=%x p=%d s=%ld", sh->run, p, seq);

			if (nl_send(fd, AUDIT_USER, 0, seq, text, len + 1)) {
				/* refused at sendmsg(): no record was made */
				ps->refused++;
				continue;
			}
		}
		seq++;
		__atomic_store_n(&ps->generated, seq, __ATOMIC_SEQ_CST);
		if (seq % 10 == 0)
			nanosleep(&pause, NULL);
	}
	_exit(0);
}

static void listener_main(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1u << (AUDIT_NLGRP_READLOG - 1),
	};
	static char buf[NLMSG_SPACE(MSG_MAX) + 1];
	int fd = audit_socket(), size = 32 << 20;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("listener: bind AUDIT_NLGRP_READLOG: %s", strerror(errno));
	/* the controller sends no marker before this: the log has them all */
	__atomic_store_n(&sh->listener_bound, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		ssize_t n;

		poll(&pfd, 1, 100);
		n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS) {
			sh->mc_overruns++;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (__atomic_load_n(&sh->stop_listener, __ATOMIC_SEQ_CST))
				_exit(0);
			continue;
		}
		if (n < NLMSG_HDRLEN)
			die("listener: recv: %zd %s", n, strerror(errno));
		buf[n] = '\0';
		struct entry e = parse_record(nlh->nlmsg_type, buf + NLMSG_HDRLEN);

		log_entry(mlog, &sh->mlog_len, e);
		sh->mc_records++;
		if (e.who == WHO_MARK_END)
			__atomic_store_n(&sh->end_seen_mcast, 1, __ATOMIC_SEQ_CST);
	}
}

static pid_t spawn(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		fn();
	return pid;
}

/* ---- the controller --------------------------------------------------- */

struct options {
	long seconds, seed, nprod, rate, fault_pct, cpu_seconds, backlog;
};

static struct options opt = { 60, 1, 4, 150, 0, 0, 1024 };
static pid_t prod_pid[MAX_PROD], listener_pid;
static int cur = -1;		/* the daemon that is, or is becoming, auditd */
static long flaps[8], flap_total;
static const char *const flap_name[] = {
	"stop/cont", "kill", "unregister", "handover", "rcvbuf", "new daemon",
};
enum { F_STOPCONT, F_KILL, F_UNREGISTER, F_HANDOVER, F_RCVBUF, F_NEW };
/* each flap, where the listener was when it began, for missing_at() */
static struct flap_mark {
	long at;
	int kind, daemon;
} flap_log[4096];
static int flap_logged;

static void flap_mark(int kind, int daemon)
{
	if (flap_logged < (int)(sizeof(flap_log) / sizeof(flap_log[0])))
		flap_log[flap_logged++] = (struct flap_mark) {
			__atomic_load_n(&sh->mlog_len, __ATOMIC_SEQ_CST), kind, daemon };
}

static long sum_set_records(void)
{
	long n = 0;
	int i;

	for (i = 0; i < ndaemons; i++)
		n += __atomic_load_n(&sh->d[i].set_records, __ATOMIC_SEQ_CST);
	return n;
}

static long sum_generated(void)
{
	long n = 0;
	int p;

	for (p = 0; p < opt.nprod; p++)
		n += __atomic_load_n(&sh->prod[p].generated, __ATOMIC_SEQ_CST);
	return n;
}

static void wait_flag(int *flag, int seconds, const char *what)
{
	double end = now() + seconds;

	while (!__atomic_load_n(flag, __ATOMIC_SEQ_CST)) {
		if (now() > end)
			die("timed out after %d s waiting for %s", seconds, what);
		sleep_ms(5);
	}
}

static void wait_exit(pid_t pid, const char *what)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid %s: %s", what, strerror(errno));
}

static int random_rcvbuf(void)
{
	/* from one record's worth to several thousand */
	static const int sizes[] = { 4096, 16384, 65536, 262144, 1 << 20, 4 << 20 };

	return sizes[rnd(0, 5)];
}

static int new_daemon(void)
{
	/* -c: a socket that a stopped daemon lets fill up at once */
	int idx = spawn_daemon(opt.cpu_seconds ? 4096 : random_rcvbuf());

	flaps[F_NEW]++;
	return idx;
}

/*
 * Stop daemon @idx outside its read window (see daemon_read_one()), so
 * that whatever it took off its socket is logged.
 */
static void stop_clean(int idx)
{
	struct daemon_slot *d = &sh->d[idx];
	int tries, st;

	for (tries = 0; tries < 10000; tries++) {
		kill(d->pid, SIGSTOP);
		if (waitpid(d->pid, &st, WUNTRACED) < 0 || !WIFSTOPPED(st))
			die("daemon %d did not stop", idx);
		if (!__atomic_load_n(&d->busy, __ATOMIC_SEQ_CST))
			return;
		kill(d->pid, SIGCONT);
		sleep_ms(1);
	}
	die("daemon %d was never outside its read window", idx);
}

static void kill_daemon(int idx)
{
	stop_clean(idx);
	kill(sh->d[idx].pid, SIGKILL);
	wait_exit(sh->d[idx].pid, "killed daemon");
	sh->d[idx].exited = 1;
}

static void unregister_daemon(int idx)
{
	struct daemon_slot *d = &sh->d[idx];
	double end = now() + 120;
	pid_t rc;
	int st;

	__atomic_store_n(&d->cmd, CMD_UNREGISTER, __ATOMIC_SEQ_CST);
	/*
	 * It reads up to its ack and then what is left: bounded, not forever
	 * (a request from a process that is not auditd may wait up to
	 * backlog_wait_time in audit_receive(), 60 s by default).
	 */
	while ((rc = waitpid(d->pid, &st, WNOHANG)) <= 0) {
		if (rc < 0 && errno != EINTR)
			die("waitpid unregistering daemon %d: %s", idx,
			    strerror(errno));
		if (now() > end)
			die("daemon %d did not exit 120 s after it was told to "
			    "unregister (registered %d, %ld records, %ld ENOBUFS, "
			    "%ld lost acks)", idx, d->registered, d->records,
			    d->enobufs, d->lost_acks);
		sleep_ms(5);
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		die("daemon %d failed as it unregistered (status %#x)", idx, st);
	d->exited = 1;
}

static void wait_registered(int idx)
{
	char what[64];

	snprintf(what, sizeof(what), "daemon %d to register", idx);
	wait_flag(&sh->d[idx].registered, 60, what);
}

/* one flap, drawn from the seed */
static void flap(void)
{
	long r = rnd(0, 99);
	int old = cur;

	flap_total++;
	if (cur < 0) {
		cur = new_daemon();
		wait_registered(cur);
		return;
	}
	if (r < 25) {
		flaps[F_STOPCONT]++;
		flap_mark(F_STOPCONT, cur);
		stop_clean(cur);
		sleep_ms(rnd(100, 2500));
		kill(sh->d[cur].pid, SIGCONT);
	} else if (r < 45) {
		flaps[F_KILL]++;
		flap_mark(F_KILL, cur);
		sh->d[cur].ended = END_KILL;
		kill_daemon(cur);
		cur = -1;
	} else if (r < 60) {
		flaps[F_UNREGISTER]++;
		flap_mark(F_UNREGISTER, cur);
		sh->d[cur].ended = END_UNREGISTER;
		unregister_daemon(cur);
		cur = -1;
	} else if (r < 75) {
		/* a new process takes over: it gets -EEXIST until the old goes */
		flaps[F_HANDOVER]++;
		flap_mark(F_HANDOVER, cur);
		cur = new_daemon();
		sleep_ms(rnd(0, 300));
		if (rng() & 1) {
			sh->d[old].ended = END_HANDOVER_UNREGISTER;
			unregister_daemon(old);
		} else {
			sh->d[old].ended = END_HANDOVER_KILL;
			kill_daemon(old);
		}
		wait_registered(cur);
	} else {
		flaps[F_RCVBUF]++;
		flap_mark(F_RCVBUF, cur);
		sh->d[cur].arg = random_rcvbuf();
		__atomic_store_n(&sh->d[cur].cmd, CMD_RCVBUF, __ATOMIC_SEQ_CST);
	}
}

/* ---- fault injection -------------------------------------------------- */

static const char *const fault_attrs[] = { "failslab", "fail_page_alloc" };

static int write_debugfs(const char *attr, const char *file, const char *val)
{
	char path[128];
	int fd, ok;

	snprintf(path, sizeof(path), "/sys/kernel/debug/%s/%s", attr, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -EIO;
}

static long read_times(const char *attr)
{
	char path[128], buf[32] = "";
	int fd;

	snprintf(path, sizeof(path), "/sys/kernel/debug/%s/times", attr);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		die("read %s: %s", path, strerror(errno));
	close(fd);
	return atol(buf);
}

/*
 * Fail @pct percent of the allocations of the tasks that set make-it-fail,
 * and no other's; count the failures through "times".
 */
static int faults_on(long pct)
{
	char p[16], t[16];
	unsigned int i;

	snprintf(p, sizeof(p), "%ld", pct);
	snprintf(t, sizeof(t), "%d", FAULT_TIMES);
	for (i = 0; i < 2; i++) {
		const char *a = fault_attrs[i];

		if (write_debugfs(a, "task-filter", "Y"))
			return -1;
		write_debugfs(a, "verbose", "0");
		write_debugfs(a, "interval", "1");
		write_debugfs(a, "space", "0");
		/* audit allocates with GFP_KERNEL, which may reclaim */
		write_debugfs(a, "ignore-gfp-wait", "N");
		write_debugfs(a, "times", t);
		write_debugfs(a, "probability", p);
	}
	return 0;
}

static void faults_off(long injected[2])
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		write_debugfs(fault_attrs[i], "probability", "0");
		injected[i] = FAULT_TIMES - read_times(fault_attrs[i]);
	}
}

/* ---- kauditd's CPU time ----------------------------------------------- */

static pid_t find_kauditd(void)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	pid_t found = 0;

	while (dir && (de = readdir(dir))) {
		char path[300], comm[32] = "";
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && !strcmp(comm, "kauditd\n"))
			found = atoi(de->d_name);
		fclose(f);
	}
	if (dir)
		closedir(dir);
	if (!found)
		die("no kauditd thread in /proc");
	return found;
}

/* utime + stime of @pid, in clock ticks (fields 14 and 15 of stat) */
static long cpu_ticks(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long ut, st;
	char *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		die("read %s", path);
	fclose(f);
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			 &ut, &st) != 2)
		die("parse %s", path);
	return ut + st;
}

/* ---- judging ---------------------------------------------------------- */

struct tally {
	long delivered[MAX_PROD];	/* distinct events of each producer */
	long dup, disorder, bogus, outside;
	long companions, cfg, other, marks[3];
	int other_types[4];
	uint8_t *seen[MAX_PROD];
};

static void tally_init(struct tally *t)
{
	int p;

	memset(t, 0, sizeof(*t));
	for (p = 0; p < opt.nprod; p++)
		t->seen[p] = calloc(sh->prod[p].generated + 1, 1);
}

/*
 * Walk the records in delivery order; @order indexes @log.  Only the
 * records between the start and end markers count.
 */
static void tally(struct tally *t, const struct entry *log, const long *order,
		  long n)
{
	long last[MAX_PROD], i;
	int in = 0, p;

	for (p = 0; p < MAX_PROD; p++)
		last[p] = -1;
	for (i = 0; i < n; i++) {
		const struct entry *e = &log[order ? order[i] : i];

		if (e->who >= WHO_MARK_PRE && e->who <= WHO_MARK_END) {
			t->marks[e->who - WHO_MARK_PRE]++;
			if (e->who == WHO_MARK_START)
				in = 1;
			if (e->who == WHO_MARK_END)
				in = 0;
			continue;
		}
		if (!in) {
			if (e->who < MAX_PROD)
				t->outside++;
			continue;
		}
		if (e->who == WHO_COMPANION) {
			t->companions++;
		} else if (e->who == WHO_CFG) {
			t->cfg++;
		} else if (e->who == WHO_OTHER) {
			if (t->other < 4)
				t->other_types[t->other] = e->type;
			t->other++;
		} else if ((int)e->who >= opt.nprod ||
			   e->seq >= sh->prod[e->who].generated) {
			t->bogus++;
		} else if (t->seen[e->who][e->seq]) {
			t->dup++;
		} else {
			t->seen[e->who][e->seq] = 1;
			t->delivered[e->who]++;
			if ((long)e->seq < last[e->who])
				t->disorder++;
			else
				last[e->who] = e->seq;
		}
	}
}

static struct entry *sort_log;

/* daemons in the order they registered, each in the order it read */
static int by_daemon(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	if (sort_log[x].daemon != sort_log[y].daemon)
		return sort_log[x].daemon - sort_log[y].daemon;
	return (x > y) - (x < y);
}

static int ntap, nfail;

static void tap(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d %s", ok ? "ok" : "not ok", ++ntap, name);
	if (fmt) {
		printf(" # ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	printf("\n");
	nfail += !ok;
}

struct result {
	long lost_delta, set_records, injected[2], cpu_ms, cpu_before_ms;
	double cpu_pct;
	int end_unicast, end_mcast, faults;
};

/* Booted with audit=1?  Then records wait for the next auditd. */
static int boot_audit1(void)
{
	char buf[4096] = "", *p;
	FILE *f = fopen("/proc/cmdline", "r");

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	for (p = strstr(buf, "audit="); p; p = strstr(p + 1, "audit=")) {
		if (p == buf || p[-1] == ' ')
			return p[6] == '1';
	}
	return 0;
}

/* a record of the listener's log: which one, and where in the log */
struct placed {
	uint64_t key;
	long pos;
};

static uint64_t entry_key(const struct entry *e)
{
	return (uint64_t)e->serial << 16 | e->type;
}

static int cmp_placed(const void *a, const void *b)
{
	uint64_t x = ((const struct placed *)a)->key;
	uint64_t y = ((const struct placed *)b)->key;

	return (x > y) - (x < y);
}

/*
 * Say where a record that no daemon got, and that is not where one daemon
 * handed over to the next, lies: which daemons got the records just before
 * and after it in the listener's order, and how flap() ended them.
 */
static void missing_at(long i, long n, const uint8_t *got, const int *owner)
{
	const struct entry *e = &mlog[i];
	long b = i, a = i;
	int db, da, f;

	while (b > 0 && !got[b])
		b--;
	while (a < n - 1 && !got[a])
		a++;
	db = got[b] ? owner[b] : -1;
	da = got[a] ? owner[a] : -1;
	printf("# missing elsewhere: listener record %ld of %ld (who %u, number %u, "
	       "serial %u, type %u), after daemon #%d's record %ld (%s), before "
	       "daemon #%d's %ld (%s)\n", i, n, e->who, e->seq, e->serial,
	       e->type, db, b, db < 0 ? "-" : end_name[sh->d[db].ended], da, a,
	       da < 0 ? "-" : end_name[sh->d[da].ended]);
	if (db >= 0 && i && got[i - 1])
		printf("#   daemon #%d: %ld records, %ld ENOBUFS\n", db,
		       sh->d[db].records, sh->d[db].enobufs);
	/* the flaps around a run of missing records, once for the run */
	for (f = 0; i && got[i - 1] && f < flap_logged; f++)
		if (flap_log[f].at > b - 200 && flap_log[f].at < a + 200)
			printf("#   flap near it: %s of daemon #%d at listener record %ld\n",
			       flap_name[flap_log[f].kind], flap_log[f].daemon,
			       flap_log[f].at);
}

/*
 * Without audit=1, what kauditd handles while no auditd is registered goes
 * to the kernel log, by design.  Such records reached the listener, which
 * gets them in the order they leave the main queue, and no daemon: each of
 * them must lie, in the listener's order, between the last record one
 * daemon got and the first record the next daemon got, or the record of
 * its registration if that comes later: a daemon first gets what the one
 * before left unread on its socket, older records.  Returns how many
 * records are missing that way; *elsewhere counts those missing elsewhere.
 */
static long handover_gaps(long *elsewhere)
{
	long n = sh->mlog_len, i, gaps = 0, start, end, *first, *last;
	struct placed *keys = malloc(sizeof(*keys) * (n + 1));
	uint8_t *got = calloc(n + 1, 1);
	int *owner = calloc(n + 1, sizeof(*owner));
	long *reg = malloc(sizeof(*reg) * MAX_DAEMONS);
	int d, prev;

	first = malloc(sizeof(*first) * MAX_DAEMONS);
	last = malloc(sizeof(*last) * MAX_DAEMONS);
	if (!keys || !got || !owner || !reg || !first || !last)
		die("out of memory");
	for (d = 0; d < MAX_DAEMONS; d++)
		first[d] = last[d] = reg[d] = -1;
	/* where each daemon's registration took, in the listener's order */
	for (i = 0; i < n; i++)
		for (d = 0; mlog[i].who == WHO_CFG && mlog[i].seq && d < ndaemons; d++)
			if ((pid_t)mlog[i].seq == sh->d[d].pid && reg[d] < 0)
				reg[d] = i;
	/* a record is its serial and type */
	for (i = 0; i < n; i++) {
		keys[i].key = entry_key(&mlog[i]);
		keys[i].pos = i;
	}
	qsort(keys, n, sizeof(*keys), cmp_placed);
	for (i = 0; i < sh->ulog_len; i++) {
		struct placed k = { .key = entry_key(&ulog[i]) }, *hit;
		long pos;

		hit = bsearch(&k, keys, n, sizeof(*keys), cmp_placed);
		if (!hit)
			continue;
		pos = hit->pos;
		got[pos] = 1;
		d = ulog[i].daemon;
		owner[pos] = d;
		if (first[d] < 0 || pos < first[d])
			first[d] = pos;
		if (pos > last[d])
			last[d] = pos;
	}
	*elsewhere = 0;
	/* only what lies between the start and the end markers counts */
	for (start = 0; start < n && mlog[start].who != WHO_MARK_START; start++)
		;
	for (end = start; end < n && mlog[end].who != WHO_MARK_END; end++)
		;
	for (i = start + 1; i < end; i++) {
		const struct entry *e = &mlog[i];
		int gap = 0;

		if (got[i] || e->who == WHO_OTHER ||
		    (e->who >= WHO_MARK_PRE && e->who <= WHO_MARK_END))
			continue;
		for (d = 0, prev = -1; d < MAX_DAEMONS; d++) {
			if (first[d] < 0)
				continue;
			/*
			 * up to where the next daemon registered: it may get
			 * older records first, those the one before left
			 * unread, see kauditd_reclaim()
			 */
			if (prev >= 0 && last[prev] < i &&
			    (i < first[d] || i < reg[d]))
				gap = 1;
			prev = d;
		}
		if (gap) {
			gaps++;
			continue;
		}
		/* the first few, for whoever reads why the run failed */
		if (++*elsewhere <= 8)
			missing_at(i, n, got, owner);
	}
	free(keys);
	free(got);
	free(owner);
	free(reg);
	free(first);
	free(last);
	return gaps;
}

static void judge(const struct result *r)
{
	long n = sh->ulog_len, i, user = 0, sys = 0, del_user = 0, del_sys = 0;
	long expected, delivered, uncounted, mc_missing = 0, mc_seen = 0;
	long logged = 0, elsewhere = 0, lost_acks = 0;
	int audit1 = boot_audit1();
	struct tally u, m;
	long *order;
	int p;

	order = malloc(sizeof(*order) * (n + 1));
	for (i = 0; i < n; i++) {
		if (!ulog[i].type)
			die("record %ld was taken but never logged", i);
		order[i] = i;
	}
	sort_log = ulog;
	qsort(order, n, sizeof(*order), by_daemon);
	tally_init(&u);
	tally(&u, ulog, order, n);
	tally_init(&m);
	tally(&m, mlog, NULL, sh->mlog_len);

	for (p = 0; p < opt.nprod; p++) {
		long g = sh->prod[p].generated, s;

		if (!syscall_producer(p)) {
			user += g;
			del_user += u.delivered[p];
		} else {
			sys += g;
			del_sys += u.delivered[p];
		}
		for (s = 0; s < g; s++) {
			mc_seen += m.seen[p][s];
			mc_missing += u.seen[p][s] && !m.seen[p][s];
		}
	}
	/* a getppid() event is three records: SYSCALL, PROCTITLE, EOE */
	expected = user + 3 * sys + r->set_records;
	delivered = del_user + del_sys + u.companions + u.cfg;
	if (!audit1)
		logged = handover_gaps(&elsewhere);
	uncounted = expected - delivered - r->lost_delta - logged;

	printf("# %-44s %10s\n", "", "records");
	printf("# %-44s %10ld\n", "AUDIT_USER records generated", user);
	printf("# %-44s %10ld\n", "audited getppid() events generated (x3)", sys);
	printf("# %-44s %10ld\n", "daemons' AUDIT_SET requests' records", r->set_records);
	printf("# %-44s %10ld\n", "= records generated", expected);
	printf("# %-44s %10ld\n", "delivered to the daemons, distinct", delivered);
	printf("# %-44s %10ld\n", "counted lost (growth of 'lost')", r->lost_delta);
	if (!audit1)
		printf("# %-44s %10ld\n", "kernel log (no auditd registered)", logged);
	printf("# %-44s %10ld\n", "missing, not counted", uncounted);
	/* which kind of record is short: lost and the kernel log count all */
	printf("# %-44s %ld of %ld\n", "by kind: AUDIT_USER delivered", del_user, user);
	printf("# %-44s %ld of %ld\n", "by kind: getppid() SYSCALL delivered", del_sys, sys);
	printf("# %-44s %ld of %ld\n", "by kind: other records delivered",
	       u.companions + u.cfg, 2 * sys + r->set_records);
	printf("# %-44s %10ld\n", "delivered twice", u.dup);
	printf("# %-44s %10ld\n", "out of order (unicast, across daemons)", u.disorder);
	printf("# %-44s %10ld\n", "multicast: producer records received", mc_seen);
	printf("# %-44s %10ld\n", "multicast: delivered but not multicast", mc_missing);
	printf("# %-44s %10ld\n", "multicast: twice, out of order", m.dup + m.disorder);
	printf("# %-44s %10ld\n", "multicast: listener overruns (ENOBUFS)", sh->mc_overruns);
	printf("# flaps survived: %ld (", flap_total);
	for (i = 0; i < 6; i++)
		printf("%s%s %ld", i ? ", " : "", flap_name[i], flaps[i]);
	printf("), daemons %d\n", ndaemons);
	for (i = 0; i < ndaemons; i++)
		lost_acks += sh->d[i].lost_acks;
	printf("# AUDIT_SET acks dropped on a full socket, read from the "
	       "status: %ld\n", lost_acks);
	if (r->faults) {
		long refused = 0;

		for (p = 0; p < opt.nprod; p++)
			refused += sh->prod[p].refused;
		printf("# faults injected: failslab %ld, fail_page_alloc %ld; "
		       "AUDIT_USER sends refused %ld\n", r->injected[0],
		       r->injected[1], refused);
	}
	if (u.other)
		printf("# unexpected records: %ld, first types %d %d %d %d\n",
		       u.other, u.other_types[0], u.other_types[1],
		       u.other_types[2], u.other_types[3]);

	tap(r->end_unicast && u.marks[1] == 1 && u.marks[2] == 1,
	    "stranded: the last daemon gets the end marker, after everything",
	    "start marker %ld, end marker %ld, within %d s", u.marks[1],
	    u.marks[2], DRAIN_TIMEOUT);
	tap(!u.disorder && !u.outside && !u.bogus, "unicast order across daemons",
	    "%ld out of order, %ld outside the markers, %ld unknown",
	    u.disorder, u.outside, u.bogus);
	tap(!u.dup, "unicast: no record twice", "%ld twice", u.dup);
	if (audit1)
		tap(!uncounted && !u.other,
		    "accounting: generated = delivered + counted lost",
		    "%ld generated, %ld delivered, %ld counted lost, "
		    "%ld missing uncounted, %ld unexpected", expected, delivered,
		    r->lost_delta, uncounted, u.other);
	else
		/* a record dropped and counted lost in kauditd was multicast */
		tap(!uncounted && elsewhere <= r->lost_delta && !u.other,
		    "accounting: generated = delivered + counted lost + kernel log",
		    "%ld generated, %ld delivered, %ld counted lost, %ld to the "
		    "kernel log while no auditd was registered, %ld missing "
		    "elsewhere, %ld missing uncounted, %ld unexpected", expected,
		    delivered, r->lost_delta, logged, elsewhere, uncounted,
		    u.other);
	tap(r->end_mcast && !mc_missing && !m.dup && !m.disorder && !sh->mc_overruns,
	    "multicast complete and in order",
	    "%ld delivered but not multicast, %ld twice, %ld out of order, "
	    "%ld overruns", mc_missing, m.dup, m.disorder, sh->mc_overruns);
	if (r->faults)
		tap(r->injected[0] + r->injected[1] > 0 && !uncounted && !elsewhere,
		    "faults: allocations failed, every lost record counted",
		    "%ld injected, %ld counted lost, %ld missing uncounted",
		    r->injected[0] + r->injected[1], r->lost_delta, uncounted);
	if (opt.cpu_seconds)
		printf("# kauditd CPU while auditd was stopped %ld s: %ld ms (%.2f%%); "
		       "before, while it read: %ld ms\n", opt.cpu_seconds, r->cpu_ms,
		       r->cpu_pct, r->cpu_before_ms);
}

/* ---- main ------------------------------------------------------------- */

static long arg(const char *s, char o, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "audit-stress: -%c wants a number from %ld to %ld, not '%s'\n",
			o, lo, hi, s);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr, "usage: audit-stress [-t SECONDS] [-s SEED] [-p PRODUCERS] "
		"[-r RATE] [-f PERCENT] [-c SECONDS] [-b LIMIT]\n");
	exit(2);
}

/*
 * Producer p runs on the (p mod N)-th of the N CPUs this program may use,
 * so that on an SMP guest the producers queue records from different CPUs
 * at the same moment; kauditd is left free to run anywhere.  Returns the
 * CPU, or -1 if there is only one.
 */
static int pick_cpu(int p)
{
	cpu_set_t allowed;
	int cpu, n, i = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return -1;	/* more CPUs than a cpu_set_t: leave it be */
	n = CPU_COUNT(&allowed);
	if (n < 2)
		return -1;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &allowed) && i++ == p % n)
			return cpu;
	return -1;
}

static void pin_to_cpu(int cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		die("sched_setaffinity(CPU %d): %s", cpu, strerror(errno));
}

static void start_producers(void)
{
	int p;

	for (p = 0; p < opt.nprod; p++) {
		sh->prod[p].cpu = pick_cpu(p);
		prod_pid[p] = fork();
		if (prod_pid[p] < 0)
			die("fork: %s", strerror(errno));
		if (!prod_pid[p]) {
			if (sh->prod[p].cpu >= 0)
				pin_to_cpu(sh->prod[p].cpu);
			producer_main(p, opt.rate,
				      opt.fault_pct && !syscall_producer(p));
		}
		sh->prod[p].pid = prod_pid[p];
		if (sh->prod[p].cpu >= 0)
			printf("stress: producer %d (%s) pinned to CPU %d\n", p,
			       syscall_producer(p) ? "getppid" : "AUDIT_USER",
			       sh->prod[p].cpu);
	}
	fflush(stdout);
}

static void progress(double t0, int fd)
{
	struct audit_status s = get_status(fd);

	printf("stress: %4.0f/%ld s  generated %ld  delivered %ld  multicast %ld  "
	       "lost %u  backlog %u  flaps %ld  daemon #%d%s\n",
	       now() - t0, opt.seconds, sum_generated(), sh->ulog_len,
	       sh->mc_records, s.lost, s.backlog, flap_total, cur,
	       cur >= 0 && sh->d[cur].registered ? "" : " (none)");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct audit_status before;
	struct result r = { 0 };
	double t0, next_flap, next_progress;
	long start_ticks = 0, tick = sysconf(_SC_CLK_TCK), set_at_start;
	int fd, c, p;
	pid_t kauditd = 0;

	while ((c = getopt(argc, argv, "t:s:p:r:f:c:b:")) != -1) {
		switch (c) {
		case 't': opt.seconds = arg(optarg, c, 1, 86400); break;
		case 's': opt.seed = arg(optarg, c, 0, 0x7fffffff); break;
		case 'p': opt.nprod = arg(optarg, c, 2, MAX_PROD); break;
		case 'r': opt.rate = arg(optarg, c, 1, 100000); break;
		case 'f': opt.fault_pct = arg(optarg, c, 0, 100); break;
		case 'c': opt.cpu_seconds = arg(optarg, c, 1, 3600); break;
		case 'b': opt.backlog = arg(optarg, c, 0, 1 << 24); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (opt.cpu_seconds)
		opt.seconds = 2 * opt.cpu_seconds + 4;
	setvbuf(stdout, NULL, _IOLBF, 0);
	prog = "audit-stress";
	rng_state = opt.seed;

	sh = shared_map(sizeof(*sh));
	/* room for far more than UML can produce; pages are used as written */
	log_cap = 40000L * (opt.seconds + 60);
	ulog = shared_map(sizeof(*ulog) * log_cap);
	mlog = shared_map(sizeof(*mlog) * log_cap);
	sh->run = (getpid() << 8 ^ opt.seed) & 0xffffff;
	sh->nprod = opt.nprod;
	sh->cpu_run = !!opt.cpu_seconds;

	fd = audit_socket();
	before = get_status(fd);
	if (before.pid)
		die("an audit daemon (pid %u) is registered: stop it first", before.pid);
	printf("# audit-stress: %ld s, seed %ld, %ld producers at %ld/s, "
	       "faults %ld%%, backlog limit %ld, run %x, enabled %u, lost %u\n",
	       opt.seconds, opt.seed, opt.nprod, opt.rate, opt.fault_pct,
	       opt.backlog, sh->run, before.enabled, before.lost);
	set_status(fd, AUDIT_STATUS_ENABLED, 1);
	set_status(fd, AUDIT_STATUS_BACKLOG_LIMIT, opt.backlog);
	if (opt.cpu_seconds)
		/* producers go on while auditd is stopped: nobody waits */
		set_status(fd, AUDIT_STATUS_BACKLOG_WAIT_TIME, 0);
	c = nl_getppid_rule(fd, AUDIT_ADD_RULE, MAGIC);
	if (c && c != -EEXIST)
		die("AUDIT_ADD_RULE: %s", strerror(-c));

	/*
	 * The listener's bind logs an AUDIT_EVENT_LISTENER event: wait for it
	 * here, so that the event comes before the "pre" marker and the
	 * listener gets the "start" marker, which opens what is judged.
	 */
	listener_pid = spawn(listener_main);
	wait_flag(&sh->listener_bound, 60, "the listener to bind");
	cur = new_daemon();
	wait_registered(cur);
	printf("stress: daemon #%d registered, draining what came before\n", cur);
	/* everything from before the run reaches the daemon, then we count */
	send_marker(fd, "pre");
	wait_flag(&sh->pre_seen, DRAIN_TIMEOUT, "the first daemon to drain");
	r.lost_delta = -(long)get_status(fd).lost;
	set_at_start = sum_set_records();
	send_marker(fd, "start");
	printf("stress: lost %ld at the start; producers start\n", -r.lost_delta);

	if (opt.fault_pct) {
		if (faults_on(opt.fault_pct))
			die("no fault injection in this kernel (debugfs failslab)");
		r.faults = 1;
	}
	start_producers();

	t0 = now();
	next_flap = t0 + 0.5;
	next_progress = t0 + 5;
	while (now() - t0 < opt.seconds) {
		double t = now();

		if (opt.cpu_seconds) {
			if (t - t0 >= 2 && !kauditd) {
				kauditd = find_kauditd();
				/* the same time with auditd reading */
				start_ticks = cpu_ticks(kauditd);
				sleep_ms(opt.cpu_seconds * 1000);
				r.cpu_before_ms = (cpu_ticks(kauditd) - start_ticks) *
						  1000 / tick;
				stop_clean(cur);
				start_ticks = cpu_ticks(kauditd);
				sleep_ms(opt.cpu_seconds * 1000);
				r.cpu_ms = (cpu_ticks(kauditd) - start_ticks) * 1000 / tick;
				r.cpu_pct = r.cpu_ms / (10.0 * opt.cpu_seconds);
				kill(sh->d[cur].pid, SIGCONT);
			}
		} else if (t >= next_flap) {
			flap();
			next_flap = now() + rnd(200, 1500) / 1000.0;
		}
		if (now() >= next_progress) {
			progress(t0, fd);
			next_progress += 5;
		}
		sleep_ms(20);
	}

	/* the end: one daemon, nothing more produced, a last marker */
	if (cur < 0 || sh->d[cur].exited) {
		cur = new_daemon();
		wait_registered(cur);
	}
	__atomic_store_n(&sh->stop_producers, 1, __ATOMIC_SEQ_CST);
	for (p = 0; p < opt.nprod; p++)
		wait_exit(prod_pid[p], "producer");
	if (r.faults)
		faults_off(r.injected);
	r.set_records = sum_set_records() - set_at_start;
	send_marker(fd, "end");
	printf("stress: producers stopped after %.0f s; waiting for the end marker\n",
	       now() - t0);
	for (t0 = now(); now() - t0 < DRAIN_TIMEOUT; sleep_ms(10)) {
		r.end_unicast = __atomic_load_n(&sh->end_seen_unicast, __ATOMIC_SEQ_CST);
		r.end_mcast = __atomic_load_n(&sh->end_seen_mcast, __ATOMIC_SEQ_CST);
		if (r.end_unicast && r.end_mcast)
			break;
	}
	r.lost_delta += get_status(fd).lost;
	progress(t0, fd);

	/* leave the system as it was */
	if (r.end_unicast)
		unregister_daemon(cur);
	else
		kill_daemon(cur);
	__atomic_store_n(&sh->stop_listener, 1, __ATOMIC_SEQ_CST);
	wait_exit(listener_pid, "listener");
	nl_getppid_rule(fd, AUDIT_DEL_RULE, MAGIC);
	set_status(fd, AUDIT_STATUS_BACKLOG_LIMIT, before.backlog_limit);
	set_status(fd, AUDIT_STATUS_BACKLOG_WAIT_TIME, before.backlog_wait_time);
	set_status(fd, AUDIT_STATUS_ENABLED, before.enabled);

	printf("TAP version 13\n");
	printf("1..%d\n", 5 + r.faults + !!opt.cpu_seconds);
	judge(&r);
	if (opt.cpu_seconds)
		tap(r.cpu_pct < CPU_BOUND_PCT || r.cpu_ms <= r.cpu_before_ms,
		    "kauditd CPU bounded while auditd is stopped",
		    "%ld ms in %ld s, %.2f%% (bound %d%%, or the %ld ms of the "
		    "%ld s before, while auditd read; in ticks of %ld ms)",
		    r.cpu_ms, opt.cpu_seconds, r.cpu_pct, CPU_BOUND_PCT,
		    r.cpu_before_ms, opt.cpu_seconds, 1000 / tick);
	printf("# %d passed, %d failed\n", ntap - nfail, nfail);
	return nfail ? 1 : 0;
}
