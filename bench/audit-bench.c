// SPDX-License-Identifier: GPL-2.0
/*
 * audit-bench - the workloads of the benchmark bed, run as /init of the
 * bench guest (scripts/bench.sh boots it under QEMU).
 *
 * The kernel command line says what to run, through init's environment:
 *   BENCH=icount   every single-CPU workload, once; under -icount the
 *                  guest clock counts instructions, so a figure in ns is a
 *                  count of guest instructions
 *   BENCH=smp      two producers at once on two CPUs, BENCH_REPS times,
 *                  in real time
 *   BENCH=profile  one workload, BENCH_WORK, BENCH_N times, for
 *                  scripts/bench-profile.sh, which counts the instructions
 *                  of each kernel function with a QEMU plugin
 * Each result is one line, "BENCH <workload> <value> <unit>", on the
 * console; then the guest reboots, which -no-reboot turns into an exit.
 *
 * The reader is a test audit daemon that reads as fast as it can, or, for
 * the slow workload, spends about SLOW_WORK ns on each record.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit-netlink.h"

#define MAGIC		0xbe7cL		/* a0 of the audited getppid() calls */
#define HELD		8192		/* records held while no auditd runs */
#define SLOW_WORK	20000		/* ns a slow reader spends per record */

struct shared {
	long received;		/* AUDIT_USER records the reader got */
	int registered;
	int stop;
};

static struct shared *sh;
static int ctl;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void result(const char *name, double value, const char *unit)
{
	printf("BENCH %s %.1f %s\n", name, value, unit);
	fflush(stdout);
}

static int audit_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);

	if (fd < 0)
		die("socket(NETLINK_AUDIT): %s", strerror(errno));
	return fd;
}

static void set_status(unsigned int mask, unsigned int value)
{
	struct audit_status s = { .mask = mask };

	if (mask == AUDIT_STATUS_ENABLED)
		s.enabled = value;
	else if (mask == AUDIT_STATUS_BACKLOG_LIMIT)
		s.backlog_limit = value;
	else if (mask == AUDIT_STATUS_BACKLOG_WAIT_TIME)
		s.backlog_wait_time = value;
	if (nl_request(ctl, AUDIT_SET, &s, sizeof(s), NULL))
		die("AUDIT_SET %#x failed", mask);
}

static struct audit_status status(void)
{
	struct audit_status s = { 0 };

	if (nl_request(ctl, AUDIT_GET, NULL, 0, &s))
		die("AUDIT_GET failed");
	return s;
}

/* audit the getppid() calls whose first argument is MAGIC, or stop */
static void syscall_rule(int type)
{
	if (nl_getppid_rule(ctl, type, MAGIC))
		die("audit rule %d failed", type);
}

/* ---- the reader ------------------------------------------------------- */

static void spin(long ns)
{
	long long end = now_ns() + ns;

	while (now_ns() < end)
		;
}

static void reader_main(long work_ns)
{
	char buf[NLMSG_SPACE(MSG_MAX)];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct audit_status s = { .mask = AUDIT_STATUS_PID, .pid = getpid() };
	int fd = audit_socket(), size = 8 << 20;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
	if (nl_request(fd, AUDIT_SET, &s, sizeof(s), NULL))
		die("reader: registration failed");
	__atomic_store_n(&sh->registered, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0 && (errno == ENOBUFS || errno == EINTR))
			continue;
		if (n < 0)
			die("reader: recv: %s", strerror(errno));
		if (nlh->nlmsg_type == AUDIT_USER)
			__atomic_add_fetch(&sh->received, 1, __ATOMIC_SEQ_CST);
		if (work_ns)
			spin(work_ns);
		if (__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST))
			break;
	}
	/* unregister, as auditd does when it stops */
	s.pid = 0;
	nl_request(fd, AUDIT_SET, &s, sizeof(s), NULL);
	_exit(0);
}

static pid_t reader_start(long work_ns)
{
	pid_t pid;

	sh->registered = 0;
	sh->stop = 0;
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		reader_main(work_ns);
	while (!__atomic_load_n(&sh->registered, __ATOMIC_SEQ_CST))
		sched_yield();
	return pid;
}

static void send_user(int fd, long i);

/* wait until the reader has @n records, then stop it */
static void reader_wait(long n)
{
	while (__atomic_load_n(&sh->received, __ATOMIC_SEQ_CST) < n)
		sched_yield();
}

static void reader_stop(pid_t pid, int fd)
{
	int st;

	__atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
	/* one more record wakes it up to see the flag */
	send_user(fd, -1);
	waitpid(pid, &st, 0);
}

/* ---- producers -------------------------------------------------------- */

/* every AUDIT_USER message has this size, and so has the floor's datagram */
#define USER_FMT "bench record %010lu some typical user space text"
static char user_msg[sizeof(USER_FMT) + 10 - 6];

static void send_user(int fd, long i)
{
	snprintf(user_msg, sizeof(user_msg), USER_FMT,
		 (unsigned long)i % 10000000000UL);
	if (nl_send(fd, AUDIT_USER, 0, 0, user_msg, sizeof(user_msg)))
		die("AUDIT_USER: %s", strerror(errno));
}

/*
 * A long record: a 1,000-byte AUDIT_USER message, as a long command line
 * or an SELinux denial makes one, to catch a change that helps short
 * records at the expense of long ones.
 */
#define LONG_MSG	1000
static char long_msg[LONG_MSG];

static double long_records(int fd, long n)
{
	long long t0 = now_ns();
	long i;

	memset(long_msg, 'x', sizeof(long_msg) - 1);
	for (i = 0; i < n; i++) {
		/* the short message, then 'x' up to the last byte, a NUL */
		int len = snprintf(long_msg, sizeof(long_msg), USER_FMT,
				   (unsigned long)i % 10000000000UL);

		long_msg[len] = 'x';
		if (nl_send(fd, AUDIT_USER, 0, 0, long_msg, sizeof(long_msg)))
			die("AUDIT_USER: %s", strerror(errno));
	}
	return (double)(now_ns() - t0) / n;
}

/* context switches so far, system-wide (/proc/stat "ctxt") */
static long ctxt(void)
{
	char line[256];
	long n = -1;
	FILE *f = fopen("/proc/stat", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "ctxt %ld", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

static double user_records(int fd, long n)
{
	long long t0 = now_ns();
	long i;

	for (i = 0; i < n; i++)
		send_user(fd, i);
	return (double)(now_ns() - t0) / n;
}

static double getppid_calls(long a0, long n)
{
	long long t0 = now_ns();
	long i;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid, a0, i);
	return (double)(now_ns() - t0) / n;
}

/*
 * The same size of datagram as user_msg, through AF_UNIX, sent and
 * received by the same process: no scheduler in the figure.  With a
 * receiver of its own, the figure under -icount moved by 2% between two
 * kernels whose instructions per datagram differ by 0.3% (bench-profile),
 * with when the two processes happened to switch.
 */
static double unix_floor(long n)
{
	char buf[sizeof(user_msg)];
	long long t0;
	int sv[2];
	long i;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		die("socketpair: %s", strerror(errno));
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (send(sv[0], user_msg, sizeof(user_msg), 0) < 0)
			die("AF_UNIX send: %s", strerror(errno));
		if (recv(sv[1], buf, sizeof(buf), 0) < 0)
			die("AF_UNIX recv: %s", strerror(errno));
	}
	t0 = now_ns() - t0;
	close(sv[0]);
	close(sv[1]);
	return (double)t0 / n;
}

/* ---- the runs --------------------------------------------------------- */

static void run_icount(void)
{
	int fd = audit_socket();
	long long t0;
	long n, c;
	pid_t r;

	result("syscall_unaudited_ns", getppid_calls(0, 100000), "ns/call");
	/* what an AUDIT_USER message costs before any record is made */
	set_status(AUDIT_STATUS_ENABLED, 0);
	result("user_msg_audit_off_ns", user_records(fd, 20000), "ns/message");
	set_status(AUDIT_STATUS_ENABLED, 1);
	result("unix_dgram_floor_ns", unix_floor(20000), "ns/datagram");

	r = reader_start(0);
	syscall_rule(AUDIT_ADD_RULE);
	c = ctxt();
	result("syscall_audited_ns", getppid_calls(MAGIC, 20000), "ns/call");
	result("ctxt_per_1000_audited_calls", (ctxt() - c) / 20.0, "switches");
	syscall_rule(AUDIT_DEL_RULE);

	sh->received = 0;
	c = ctxt();
	result("user_record_ns", user_records(fd, 20000), "ns/record");
	result("ctxt_per_1000_user_records", (ctxt() - c) / 20.0, "switches");
	reader_wait(20000);

	/* end to end: from the first send to the reader's last record */
	n = 20000;
	sh->received = 0;
	t0 = now_ns();
	user_records(fd, n);
	reader_wait(n);
	result("delivery_rate", n * 1e9 / (now_ns() - t0), "records/s");

	/* the same two with 1,000-byte messages */
	sh->received = 0;
	result("user_record_long_ns", long_records(fd, n), "ns/record");
	reader_wait(n);
	sh->received = 0;
	t0 = now_ns();
	long_records(fd, n);
	reader_wait(n);
	result("delivery_rate_long", n * 1e9 / (now_ns() - t0), "records/s");
	reader_stop(r, fd);

	/* producers while no auditd runs: the records are held */
	result("user_record_no_auditd_ns", user_records(fd, HELD), "ns/record");
	while (status().backlog)
		sched_yield();

	/* a new auditd gets the held records: how long until it has them all */
	sh->received = 0;
	t0 = now_ns();
	r = reader_start(0);
	reader_wait(HELD);
	result("held_drain_ns", now_ns() - t0, "ns");

	/* a slow auditd */
	reader_stop(r, fd);
	sh->received = 0;
	r = reader_start(SLOW_WORK);
	result("user_record_slow_auditd_ns", user_records(fd, 5000), "ns/record");
	reader_wait(5000);
	reader_stop(r, fd);
	close(fd);
}

/* two producers at once, on two CPUs: the main queue's lock */
static void run_smp(int reps)
{
	long n = 20000;
	int rep, fd = audit_socket();
	pid_t r = reader_start(0);

	for (rep = 0; rep < reps; rep++) {
		long long t0;
		pid_t p[2];
		int i;

		sh->received = 0;
		t0 = now_ns();
		for (i = 0; i < 2; i++) {
			p[i] = fork();
			if (!p[i]) {
				int pfd = audit_socket();

				user_records(pfd, n);
				_exit(0);
			}
		}
		for (i = 0; i < 2; i++)
			waitpid(p[i], NULL, 0);
		result("smp_two_producers_ns", (double)(now_ns() - t0) / (2 * n),
		       "ns/record");
		reader_wait(2 * n);
	}
	reader_stop(r, fd);
	close(fd);
}

/*
 * One workload, @n times, with a fast auditd: what bench-profile.sh
 * measures twice, with n = 0 and with n = BENCH_N, to subtract all else.
 */
static void run_profile(const char *work, long n)
{
	int fd = audit_socket();
	pid_t r = reader_start(0);

	sh->received = 0;
	if (!strcmp(work, "syscall_audited")) {
		syscall_rule(AUDIT_ADD_RULE);
		getppid_calls(MAGIC, n);
		syscall_rule(AUDIT_DEL_RULE);
	} else if (!strcmp(work, "user_record")) {
		user_records(fd, n);
		reader_wait(n);
	} else if (!strcmp(work, "user_record_long")) {
		long_records(fd, n);
		reader_wait(n);
	} else if (!strcmp(work, "unix_floor")) {
		unix_floor(n);
	} else {
		die("unknown BENCH_WORK '%s'", work);
	}
	reader_stop(r, fd);
	close(fd);
	result("profile_n", n, "operations");
}

int main(void)
{
	const char *mode = getenv("BENCH");
	const char *reps = getenv("BENCH_REPS");

	prog = "audit-bench";
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	ctl = audit_socket();
	set_status(AUDIT_STATUS_ENABLED, 1);
	set_status(AUDIT_STATUS_BACKLOG_LIMIT, 4 * HELD);
	printf("BENCH-START mode=%s\n", mode ? mode : "?");
	if (mode && !strcmp(mode, "smp"))
		run_smp(reps ? atoi(reps) : 5);
	else if (mode && !strcmp(mode, "profile"))
		run_profile(getenv("BENCH_WORK") ?: "?",
			    atol(getenv("BENCH_N") ?: "0"));
	else
		run_icount();
	printf("BENCH-END lost=%u\n", status().lost);
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
