/* SPDX-License-Identifier: GPL-2.0 */
/*
 * audit-netlink.h - what the clients share to talk NETLINK_AUDIT: sending a
 * request, and reading its answer.  Each client is one .c file that
 * includes this; "prog" names it in error messages.
 */
#ifndef AUDIT_NETLINK_H
#define AUDIT_NETLINK_H

#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>

/* the biggest message the clients read */
#define MSG_MAX		9000
/* nl_answer(): nothing came back (see SO_RCVTIMEO), errno says why */
#define NL_NO_ANSWER	2000

static const char *prog;

static inline void __attribute__((format(printf, 1, 2), noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

/*
 * Send a message of @type to the kernel: a header that says @nlmsg_len,
 * then @len bytes of @data, whatever @nlmsg_len says.  Returns 0, or
 * -errno from sendto().
 */
static inline int nl_send_raw(int fd, int type, unsigned int nlmsg_len, int flags,
		       unsigned int seq, const void *data, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = calloc(1, NLMSG_SPACE(len));
	ssize_t n;

	if (!nlh)
		die("out of memory");
	nlh->nlmsg_len = nlmsg_len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	if (len)
		memcpy(NLMSG_DATA(nlh), data, len);
	n = sendto(fd, nlh, NLMSG_HDRLEN + len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel));
	free(nlh);
	return n < 0 ? -errno : 0;
}

/* the same, with the true nlmsg_len */
static inline int nl_send(int fd, int type, int flags, unsigned int seq,
		   const void *data, size_t len)
{
	return nl_send_raw(fd, type, NLMSG_LENGTH(len), flags, seq, data, len);
}

/*
 * Read the answer to request @seq on a socket that gets nothing else that
 * matters: the NLMSG_ERROR code (0 for an ack), or 0 and the status for
 * AUDIT_GET; NL_NO_ANSWER if recv() failed or timed out.
 */
static inline int nl_answer(int fd, unsigned int seq, struct audit_status *status)
{
	char buf[NLMSG_SPACE(MSG_MAX)];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NL_NO_ANSWER;
		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		if (nlh->nlmsg_type == AUDIT_GET && status) {
			memcpy(status, NLMSG_DATA(nlh), sizeof(*status));
			return 0;
		}
	}
}

/*
 * A request and its answer.  AUDIT_GET is answered by a kernel thread
 * after the ack (audit_send_reply()), so it goes without NLM_F_ACK and its
 * answer is the status, or an NLMSG_ERROR; the others are answered by their
 * ack.  Returns that answer, -errno if sendto() failed, or NL_NO_ANSWER.
 */
static inline int nl_request(int fd, int type, const void *data, size_t len,
		      struct audit_status *status)
{
	static unsigned int seq = 1000;
	int rc;

	rc = nl_send(fd, type, type == AUDIT_GET ? 0 : NLM_F_ACK, ++seq, data, len);
	return rc ? rc : nl_answer(fd, seq, status);
}

/*
 * Add (AUDIT_ADD_RULE) or delete (AUDIT_DEL_RULE) the rule
 * "-a always,exit -F arch=b64 -S getppid -F a0=@a0", which audits just the
 * getppid() calls a client makes with that first argument.
 */
static inline int nl_getppid_rule(int fd, int type, unsigned int a0)
{
	struct audit_rule_data r = { 0 };

	r.flags = AUDIT_FILTER_EXIT;
	r.action = AUDIT_ALWAYS;
	r.field_count = 2;
	r.mask[SYS_getppid / 32] |= 1u << (SYS_getppid % 32);
	r.fields[0] = AUDIT_ARCH;
	r.fieldflags[0] = AUDIT_EQUAL;
	r.values[0] = AUDIT_ARCH_X86_64;
	r.fields[1] = AUDIT_ARG0;
	r.fieldflags[1] = AUDIT_EQUAL;
	r.values[1] = a0;
	return nl_request(fd, type, &r, sizeof(r), NULL);
}

#endif /* AUDIT_NETLINK_H */
