/*
 * nlsock.c - ctnetlink socket handling; see nlsock.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "nlsock.h"

/* One dump datagram is at most a few pages; this holds any of them. */
#define NLS_BUFLEN (256 * 1024)

int nls_open(struct nlsock *s, unsigned int groups)
{
	s->buf = malloc(NLS_BUFLEN);
	if (!s->buf)
		return -1;
	s->buflen = NLS_BUFLEN;
	s->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!s->nl)
		goto fail;
	if (mnl_socket_bind(s->nl, groups, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		mnl_socket_close(s->nl);
		errno = e;
		goto fail;
	}
	s->portid = mnl_socket_get_portid(s->nl);
	s->seq = (uint32_t)time(NULL);
	return 0;
fail:
	free(s->buf);
	s->buf = NULL;
	s->nl = NULL;
	return -1;
}

void nls_close(struct nlsock *s)
{
	if (s->nl)
		mnl_socket_close(s->nl);
	free(s->buf);
	s->nl = NULL;
	s->buf = NULL;
}

long nls_set_rcvbuf(struct nlsock *s, size_t bytes)
{
	int fd = mnl_socket_get_fd(s->nl);
	int val = bytes > (size_t)(~0u >> 1) ? (int)(~0u >> 1) : (int)bytes;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &val, sizeof(val)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, sizeof(val));
	return nls_rcvbuf(s);
}

long nls_rcvbuf(const struct nlsock *s)
{
	int val;
	socklen_t len = sizeof(val);

	if (getsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, SO_RCVBUF, &val, &len) < 0)
		return -1;
	return val;
}

uint32_t nls_next_seq(struct nlsock *s)
{
	return s->seq++;
}

int nls_request(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(s->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	for (;;) {
		n = mnl_socket_recvfrom(s->nl, s->buf, s->buflen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		ret = mnl_cb_run(s->buf, (size_t)n, seq, s->portid, cb, data);
		if (ret < 0)
			return -1;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

int nls_fd(const struct nlsock *s)
{
	return mnl_socket_get_fd(s->nl);
}

long long nls_drops(const struct nlsock *s)
{
	/* Columns: sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
	FILE *f = fopen("/proc/net/netlink", "r");
	char line[512];
	struct stat st;
	long long drops = -1;

	if (!f)
		return -1;
	if (fstat(nls_fd(s), &st) < 0) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long d, ino;

		if (sscanf(line, "%*s %*d %*u %*s %*d %*d %*d %*d %llu %llu",
			   &d, &ino) == 2 && ino == (unsigned long long)st.st_ino) {
			drops = (long long)d;
			break;
		}
	}
	fclose(f);
	return drops;
}
