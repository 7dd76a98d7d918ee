// SPDX-License-Identifier: GPL-2.0
/*
 * audit-mcast - listen to the audit multicast group, as journald does.
 *
 * usage: audit-mcast OUTFILE
 *
 * Binds a NETLINK_AUDIT socket to AUDIT_NLGRP_READLOG (needs
 * CAP_AUDIT_READ), and writes every record it receives to OUTFILE, one line
 * each: "type=N msg=TEXT".  It never registers as auditd, so it sees what
 * any read-only listener sees.  It stops on SIGTERM or SIGINT, after it has
 * read what is already queued on its socket, and prints a summary line:
 *   "audit-mcast records N overruns N"
 * An overrun is an ENOBUFS from recv(): the kernel dropped records because
 * this socket was full.  The socket buffer is made large so that it does
 * not happen; if it does, the listener says so instead of hiding it.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RCVBUF (32 << 20)

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static int open_listener(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1u << (AUDIT_NLGRP_READLOG - 1),
	};
	int fd, size = RCVBUF;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0) {
		perror("audit-mcast: socket(NETLINK_AUDIT)");
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		perror("audit-mcast: SO_RCVBUFFORCE (keeping the default)");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("audit-mcast: bind to AUDIT_NLGRP_READLOG");
		close(fd);
		return -1;
	}
	return fd;
}

static void write_records(FILE *out, const char *buf, size_t len,
			  unsigned long *records)
{
	const struct nlmsghdr *nlh = (const void *)buf;
	int left = (int)len;

	for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
		int n = nlh->nlmsg_len - NLMSG_HDRLEN;
		const char *text = NLMSG_DATA(nlh);

		/* the multicast copy has a correct nlmsg_len; trim a NUL */
		while (n > 0 && text[n - 1] == '\0')
			n--;
		fprintf(out, "type=%u msg=%.*s\n", nlh->nlmsg_type, n, text);
		++*records;
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_stop };
	unsigned long records = 0, overruns = 0;
	static char buf[1 << 16];
	FILE *out;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: audit-mcast OUTFILE\n");
		return 2;
	}
	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	fd = open_listener();
	if (fd < 0)
		return 1;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* tell whoever started us that the group is joined */
	printf("audit-mcast listening\n");
	fflush(stdout);

	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), stop ? MSG_DONTWAIT : 0);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				overruns++;
				continue;
			}
			if (errno == EAGAIN && stop)
				break;
			perror("audit-mcast: recv");
			return 1;
		}
		write_records(out, buf, len, &records);
		/* others watch the file for the end of the stream */
		fflush(out);
	}
	if (fclose(out)) {
		perror(argv[1]);
		return 1;
	}
	printf("audit-mcast records %lu overruns %lu\n", records, overruns);
	return 0;
}
