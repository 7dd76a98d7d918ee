// SPDX-License-Identifier: GPL-2.0
/*
 * audit-load - a producer of audited syscalls that can be recognised later.
 *
 * usage: audit-load ID [BATCH [PAUSE_US]]
 *
 * Calls getppid() with the arguments (AUDIT_LOAD_MAGIC, ID, SEQ) until it
 * gets SIGTERM or SIGINT.  getppid() ignores its arguments, but an audit
 * syscall rule logs them as a0, a1 and a2, so each event in the log says
 * which producer made it and its sequence number.  After every BATCH calls
 * (default 20) it sleeps PAUSE_US microseconds (default 2000), which makes a
 * steady stream rather than a flood.
 *
 * When it stops it prints "audit-load ID generated N": the calls made are
 * exactly the sequence numbers 0 .. N-1.  A signal can only stop it between
 * two calls, and getppid() itself cannot be interrupted.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define AUDIT_LOAD_MAGIC 0xa0d17L

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static long parse(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < 0) {
		fprintf(stderr, "audit-load: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_stop };
	long id, batch = 20, pause_us = 2000, seq;
	struct timespec ts;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: audit-load ID [BATCH [PAUSE_US]]\n");
		return 2;
	}
	id = parse(argv[1], "ID");
	if (argc > 2)
		batch = parse(argv[2], "BATCH");
	if (argc > 3)
		pause_us = parse(argv[3], "PAUSE_US");
	if (batch < 1) {
		fprintf(stderr, "audit-load: BATCH must be at least 1\n");
		return 2;
	}
	ts.tv_sec = pause_us / 1000000;
	ts.tv_nsec = (pause_us % 1000000) * 1000;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	for (seq = 0; !stop; seq++) {
		syscall(SYS_getppid, AUDIT_LOAD_MAGIC, id, seq);
		if ((seq + 1) % batch == 0 && pause_us)
			nanosleep(&ts, NULL);
	}
	printf("audit-load %ld generated %ld\n", id, seq);
	return 0;
}
