// SPDX-License-Identifier: GPL-2.0
/*
 * The demo's two audit daemon scenarios, run inside a test guest on the
 * unpatched and on the patched kernel alike.  Built against the series'
 * tools/testing/selftests/audit/audit_common.h, which holds the test daemon.
 *
 *   slow     one registered daemon with the smallest receive buffer that
 *            stalls for a second every 300 records; 3000 records.
 *   restart  3000 records from a separate process while the daemon is
 *            killed (SIGKILL), replaced, stopped and continued (SIGSTOP,
 *            SIGCONT), and restarted the way auditd stops (unregister);
 *            the last 500 are made once the new daemon has registered,
 *            as a system goes on auditing across an auditd restart.
 *
 *   stopped  four processes make audited getppid() calls, 200 a second
 *            each, while the daemon is stopped (SIGSTOP) for 15 seconds,
 *            once with the default backlog_wait_time and once with a
 *            tenth of a second, at the kernel's default backlog limit
 *            (64): how long each call waits, and how many records are
 *            lost.
 *
 * The first two scenarios print one line each:
 *   result scenario=NAME generated=N delivered=N lost=N logged=N unread=N
 *          uncounted=N out_of_order=N stranded=N drain_ms=N
 * where
 *   delivered   distinct records that reached a daemon
 *   lost        growth of the kernel's lost counter
 *   logged      records not delivered but found in the kernel log
 *   unread      records that sat unread in the socket of the daemon killed
 *               with SIGKILL: the run right after the last record it read,
 *               no longer than its receive buffer holds, which no kernel
 *               can see or count
 *   between     without audit=1 only: records missing between the last
 *               record one daemon got and the first the next one got,
 *               which kauditd handled while no auditd was registered and
 *               so sent to the rate-limited kernel log, by design
 *   uncounted   generated - delivered - lost - logged - unread - between:
 *               records that vanished without a trace
 *   stranded    records that came only after unrelated records woke
 *               kauditd, once the stream had been quiet for 5 seconds
 *   drain_ms    from the last record generated to the last one delivered
 *               before that wake-up
 * and the stopped scenario one line per backlog_wait_time:
 *   stopped wait_time=N calls=N p50_us=N p99_us=N max_us=N lost=N
 * where
 *   calls       audited calls that began while the daemon was stopped
 *   p50_us ...  how long those calls took, in microseconds
 *   lost        growth of the kernel's lost counter over the scenario
 * Exit status: 0 when the scenarios ran, whatever they measured.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "audit_common.h"

#define RECORDS 3000
/* The restart scenario's producer waits here for the last daemon. */
#define RESTART_AT 2500
/* What Debian's auditd rules set (-b 8192). */
#define BACKLOG_LIMIT 8192
#define QUIET_MS 5000

struct result {
	const char *name;
	uint32_t delivered, lost, logged, unread, between, uncounted;
	uint32_t out_of_order, stranded;
	uint64_t drain_ms;
	char missing[160];
};

static int ctl = -1;
static uint32_t run;
static bool audit1;
static int kmsg = -1;
/* Most records the smallest receive buffer can hold (each takes > 512 B). */
static uint32_t unread_bound;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static void generate(int fd, uint32_t from, uint32_t to)
{
	uint32_t seq;

	for (seq = from; seq < to; seq++)
		if (audit_user(fd, RECORD_TAG " run=%u seq=%u", run, seq))
			die("AUDIT_USER");
}

static uint32_t lost_now(void)
{
	struct audit_status s;

	if (audit_get_status(ctl, &s))
		die("AUDIT_GET");
	return s.lost;
}

static uint32_t total_count(struct daemon *d, int n)
{
	uint32_t sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += log_count(d[i].log);
	return sum;
}

/* Wait until no daemon logged anything for @quiet_ms; when was the last? */
static uint64_t wait_quiet(struct daemon *d, int n, uint64_t quiet_ms)
{
	uint32_t seen = total_count(d, n);
	uint64_t progress = now_ms();

	while (now_ms() - progress < quiet_ms) {
		uint32_t c = total_count(d, n);

		if (c != seen) {
			seen = c;
			progress = now_ms();
		}
		usleep(10 * 1000);
	}
	return progress;
}

/* Wait until daemon @d has logged @count records, or went quiet. */
static void wait_count(struct daemon *d, uint32_t count)
{
	uint32_t seen = log_count(d->log);
	uint64_t progress = now_ms();

	while (seen < count && now_ms() - progress < QUIET_MS) {
		uint32_t c = log_count(d->log);

		if (c != seen) {
			seen = c;
			progress = now_ms();
		}
		usleep(10 * 1000);
	}
}

static void stop(struct daemon *d, int sig)
{
	if (d->pid <= 0)
		return;
	kill(d->pid, sig);
	waitpid(d->pid, NULL, 0);
	d->pid = 0;
}

static void start(struct daemon *d, struct daemon_opts o)
{
	o.run = run;
	if (daemon_start(d, &o))
		die("test daemon");
}

/* Mark which records the kernel log holds, from where kmsg was opened. */
static void kmsg_scan(uint8_t *logged)
{
	char buf[8192];
	unsigned int r, seq;
	const char *p;
	ssize_t n;

	for (;;) {
		n = read(kmsg, buf, sizeof(buf) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip on */
		if (n <= 0)
			break;
		buf[n] = '\0';
		p = strstr(buf, RECORD_TAG " run=");
		if (p && sscanf(p, RECORD_TAG " run=%u seq=%u", &r, &seq) == 2 &&
		    r == run && seq < RECORDS)
			logged[seq] = 1;
	}
}

/*
 * Account for every record: delivered, counted lost, written to the kernel
 * log, or unread in the socket of a daemon that went away.
 */
static void account(struct result *res, struct daemon *d, int n,
		    const bool *went_away, uint32_t lost)
{
	uint8_t seen[RECORDS] = {}, logged[RECORDS] = {};
	struct record_log *logs[8];
	struct stream st;
	uint32_t i, seq;
	int k;

	for (k = 0; k < n; k++)
		logs[k] = d[k].log;
	stream_check(&st, RECORDS, logs, n);
	res->delivered = st.delivered;
	res->out_of_order = st.out_of_order;
	res->lost = lost;
	for (k = 0; k < n; k++)
		for (i = 0; i < log_count(d[k].log); i++)
			if (d[k].log->seq[i] < RECORDS)
				seen[d[k].log->seq[i]] = 1;
	/* The unread run right after the last record a dead daemon read. */
	for (k = 0; k < n; k++) {
		if (!went_away[k] || d[k].log->last < 0)
			continue;
		for (seq = d[k].log->last + 1; seq < RECORDS && !seen[seq] &&
		     seq <= d[k].log->last + unread_bound; seq++) {
			seen[seq] = 2;
			res->unread++;
		}
	}
	kmsg_scan(logged);
	for (i = 0; i < RECORDS; i++) {
		if (seen[i] || !logged[i])
			continue;
		seen[i] = 3;
		res->logged++;
	}
	/*
	 * Without audit=1, what kauditd handles while no auditd is registered
	 * goes to the kernel log, whose rate limit drops most of it: by
	 * design, and uncounted.  Delivery is in order, so those are the
	 * records missing between the last one a daemon got and the first
	 * one the next daemon got.
	 */
	for (k = 1; k < n && !audit1; k++) {
		if (d[k - 1].log->last < 0 || !log_count(d[k].log))
			continue;
		for (seq = d[k - 1].log->last + 1; seq < d[k].log->seq[0];
		     seq++) {
			if (seq < RECORDS && !seen[seq]) {
				seen[seq] = 4;
				res->between++;
			}
		}
	}
	for (i = 0; i < RECORDS; i++) {
		size_t len = strlen(res->missing);

		if (seen[i] || len > sizeof(res->missing) - 12)
			continue;
		snprintf(res->missing + len, sizeof(res->missing) - len,
			 "%s%u", len ? "," : "", i);
	}
	i = res->delivered + res->lost + res->logged + res->unread +
	    res->between;
	res->uncounted = i < RECORDS ? RECORDS - i : 0;
}

/*
 * After the stream went quiet: do unrelated records release more?  Keep
 * generating one at a time until one releases nothing.
 */
static uint32_t count_stranded(struct daemon *d, int n)
{
	uint32_t start = total_count(d, n), before;
	int wakes;

	for (wakes = 0; wakes < 100; wakes++) {
		before = total_count(d, n);
		if (audit_user(ctl, "audit_demo unrelated record"))
			die("AUDIT_USER");
		wait_quiet(d, n, 3000);
		if (total_count(d, n) == before)
			break;
	}
	return total_count(d, n) - start;
}

static void scenario_slow(struct result *res)
{
	struct daemon d = {};
	bool went_away = false;
	uint32_t lost0;
	uint64_t done, last;

	res->name = "slow";
	lost0 = lost_now();
	start(&d, (struct daemon_opts){
		.rcvbuf = 1,
		.stall_every = 300,
		.stall_ms = 1000,
	});
	generate(ctl, 0, RECORDS);
	done = now_ms();
	last = wait_quiet(&d, 1, QUIET_MS);
	res->drain_ms = last > done ? last - done : 0;
	res->stranded = count_stranded(&d, 1);
	stop(&d, SIGUSR1);
	account(res, &d, 1, &went_away, lost_now() - lost0);
}

static void scenario_restart(struct result *res)
{
	/* Only the killed daemon leaves records unread in its socket. */
	bool went_away[3] = { true, false, false };
	struct daemon d[3] = {};
	uint64_t done, last;
	int status, fd, resume[2];
	pid_t producer;
	uint32_t lost0;
	char c = 0;

	res->name = "restart";
	lost0 = lost_now();
	if (pipe(resume))
		die("pipe");
	start(&d[0], (struct daemon_opts){ .rcvbuf = 1, .die_after = 800 });
	producer = fork();
	if (producer < 0)
		die("fork");
	if (!producer) {
		close(resume[1]);
		fd = audit_open();
		if (fd < 0)
			_exit(1);
		generate(fd, 0, RESTART_AT);
		if (read(resume[0], &c, 1) != 1)
			_exit(1);
		generate(fd, RESTART_AT, RECORDS);
		_exit(0);
	}
	close(resume[0]);
	/* auditd killed with SIGKILL, and a new one takes over. */
	wait_count(&d[0], 800);
	stop(&d[0], SIGKILL);
	start(&d[1], (struct daemon_opts){ .rcvbuf = 1 });
	/* Stopped for a second, then continued. */
	wait_count(&d[1], 400);
	kill(d[1].pid, SIGSTOP);
	usleep(1000 * 1000);
	kill(d[1].pid, SIGCONT);
	/* Restarted the way auditd stops: unregister, exit, start again. */
	wait_count(&d[1], 1200);
	stop(&d[1], SIGUSR1);
	start(&d[2], (struct daemon_opts){ .rcvbuf = 1 });
	if (write(resume[1], &c, 1) != 1)
		die("resume the producer");
	close(resume[1]);
	if (waitpid(producer, &status, 0) != producer || status)
		die("producer");
	done = now_ms();
	last = wait_quiet(d, 3, QUIET_MS);
	res->drain_ms = last > done ? last - done : 0;
	res->stranded = count_stranded(d, 3);
	stop(&d[2], SIGUSR1);
	account(res, d, 3, went_away, lost_now() - lost0);
}

#define STOPPED_PRODUCERS 4
#define STOPPED_CALLS 20000
#define STOPPED_LIMIT 64
#define STOPPED_MS 15000

/* One audited call: when it began, from the scenario's start, and for how long. */
struct call {
	uint32_t begin_ms;
	uint32_t took_us;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

/* An always,exit rule for getppid() of the children of this process. */
static int getppid_rule(uint16_t type, struct audit_rule_data *r)
{
	memset(r, 0, sizeof(*r));
	r->flags = AUDIT_FILTER_EXIT;
	r->action = AUDIT_ALWAYS;
	r->mask[__NR_getppid / 32] |= 1U << (__NR_getppid % 32);
	r->field_count = 1;
	r->fields[0] = AUDIT_PPID;
	r->fieldflags[0] = AUDIT_EQUAL;
	r->values[0] = getpid();
	return audit_request(ctl, type, r, sizeof(*r), NULL, NULL, NULL);
}

/* A producer: an audited call every 5 ms, until told to stop. */
static void stopped_producer(struct call *calls, const volatile int *halt,
			     uint64_t t0)
{
	uint32_t i;

	for (i = 0; i < STOPPED_CALLS && !*halt; i++) {
		uint64_t begin = now_us();

		syscall(__NR_getppid);
		calls[i].begin_ms = (begin - t0) / 1000;
		calls[i].took_us = now_us() - begin;
		usleep(5000);
	}
	_exit(0);
}

static void scenario_stopped(uint32_t wait_time)
{
	size_t size = STOPPED_PRODUCERS * STOPPED_CALLS * sizeof(struct call);
	struct audit_status saved;
	struct audit_rule_data rule;
	pid_t producers[STOPPED_PRODUCERS];
	uint32_t *took, n = 0, lost0, i;
	uint64_t t0, stop_ms, cont_ms;
	struct daemon d = {};
	struct call *calls;
	int *halt, k;

	calls = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	halt = mmap(NULL, sizeof(*halt), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	took = calloc(STOPPED_PRODUCERS * STOPPED_CALLS, sizeof(*took));
	if (calls == MAP_FAILED || halt == MAP_FAILED || !took)
		die("memory");
	if (audit_get_status(ctl, &saved) ||
	    audit_set_u32(ctl, AUDIT_STATUS_BACKLOG_LIMIT, STOPPED_LIMIT) ||
	    audit_set_u32(ctl, AUDIT_STATUS_BACKLOG_WAIT_TIME, wait_time))
		die("AUDIT_SET");
	if (getppid_rule(AUDIT_ADD_RULE, &rule))
		die("AUDIT_ADD_RULE");
	start(&d, (struct daemon_opts){});
	lost0 = lost_now();

	t0 = now_us();
	for (k = 0; k < STOPPED_PRODUCERS; k++) {
		producers[k] = fork();
		if (producers[k] < 0)
			die("fork");
		if (!producers[k])
			stopped_producer(calls + k * STOPPED_CALLS, halt, t0);
	}
	/* The timeline of the scenario: these sleeps wait for nothing. */
	usleep(2000 * 1000);
	stop_ms = (now_us() - t0) / 1000;
	kill(d.pid, SIGSTOP);
	usleep(STOPPED_MS * 1000);
	cont_ms = (now_us() - t0) / 1000;
	kill(d.pid, SIGCONT);
	usleep(2000 * 1000);
	*halt = 1;
	for (k = 0; k < STOPPED_PRODUCERS; k++)
		waitpid(producers[k], NULL, 0);

	for (i = 0; i < STOPPED_PRODUCERS * STOPPED_CALLS; i++) {
		if (!calls[i].took_us && !calls[i].begin_ms)
			continue;
		if (calls[i].begin_ms >= stop_ms && calls[i].begin_ms < cont_ms)
			took[n++] = calls[i].took_us;
	}
	qsort(took, n, sizeof(*took), cmp_u32);
	printf("stopped wait_time=%u calls=%u p50_us=%u p99_us=%u max_us=%u lost=%u\n",
	       wait_time, n, n ? took[n / 2] : 0, n ? took[n * 99 / 100] : 0,
	       n ? took[n - 1] : 0, lost_now() - lost0);
	fflush(stdout);

	stop(&d, SIGUSR1);
	getppid_rule(AUDIT_DEL_RULE, &rule);
	audit_set_u32(ctl, AUDIT_STATUS_BACKLOG_WAIT_TIME,
		      saved.backlog_wait_time);
	audit_set_u32(ctl, AUDIT_STATUS_BACKLOG_LIMIT, saved.backlog_limit);
	free(took);
	munmap(calls, size);
	munmap(halt, sizeof(*halt));
}

static void print(const struct result *r)
{
	printf("result scenario=%s generated=%u delivered=%u lost=%u logged=%u unread=%u between=%u uncounted=%u out_of_order=%u stranded=%u drain_ms=%llu\n",
	       r->name, RECORDS, r->delivered, r->lost, r->logged, r->unread,
	       r->between, r->uncounted, r->out_of_order, r->stranded,
	       (unsigned long long)r->drain_ms);
	if (r->uncounted)
		printf("missing %s: %s%s\n", r->name, r->missing,
		       strlen(r->missing) > sizeof(r->missing) - 13 ? ",..." : "");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	/* "stopped" runs that scenario alone */
	bool only_stopped = argc > 1 && !strcmp(argv[1], "stopped");
	socklen_t optlen = sizeof(int);
	struct audit_status saved;
	struct result res;
	int fd, rcvbuf;

	ctl = audit_open();
	if (ctl < 0) {
		errno = -ctl;
		die("NETLINK_AUDIT");
	}
	if (audit_get_status(ctl, &saved))
		die("AUDIT_GET");
	if (audit_set_u32(ctl, AUDIT_STATUS_ENABLED, 1) ||
	    audit_set_u32(ctl, AUDIT_STATUS_BACKLOG_LIMIT, BACKLOG_LIMIT))
		die("AUDIT_SET");
	audit1 = boot_audit_on();
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg < 0)
		die("/dev/kmsg");

	fd = audit_open();
	rcvbuf = 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &optlen))
		die("SO_RCVBUF");
	close(fd);
	unread_bound = rcvbuf / 512 + 1;

	run = (uint32_t)getpid() << 12 ^ (uint32_t)now_ms();
	if (!only_stopped) {
		memset(&res, 0, sizeof(res));
		lseek(kmsg, 0, SEEK_END);
		scenario_slow(&res);
		print(&res);

		run++;
		memset(&res, 0, sizeof(res));
		lseek(kmsg, 0, SEEK_END);
		scenario_restart(&res);
		print(&res);
	}

	/* backlog_wait_time as booted (60 s), and a tenth of a second */
	scenario_stopped(saved.backlog_wait_time);
	scenario_stopped(saved.backlog_wait_time / 600);

	audit_set_u32(ctl, AUDIT_STATUS_BACKLOG_LIMIT, saved.backlog_limit);
	audit_set_u32(ctl, AUDIT_STATUS_ENABLED, saved.enabled);
	return 0;
}
