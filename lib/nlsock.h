/*
 * nlsock.h - a ctnetlink socket: requests, acknowledgements and streamed
 * dumps over libmnl, with one large receive buffer per socket.
 */
#ifndef NLSOCK_H
#define NLSOCK_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct nlsock {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;		/* next sequence number */
	char *buf;		/* receive buffer */
	size_t buflen;
};

/* Open a NETLINK_NETFILTER socket subscribed to groups (0 for requests
 * only). Returns 0 or -1 with errno. */
int nls_open(struct nlsock *s, unsigned int groups);
void nls_close(struct nlsock *s);

/* Ask for a receive buffer of bytes (SO_RCVBUFFORCE, else SO_RCVBUF).
 * Returns the size the kernel reports afterwards, or -1. */
long nls_set_rcvbuf(struct nlsock *s, size_t bytes);

/* The receive buffer size the kernel reports, or -1. */
long nls_rcvbuf(const struct nlsock *s);

/* How many messages the kernel dropped for this socket because its
 * receive buffer was full (the Drops column of /proc/net/netlink, found by
 * the socket's inode). Returns the count, or -1 when it cannot be read. */
long long nls_drops(const struct nlsock *s);

/* The socket's descriptor, for poll() and recvmmsg(). */
int nls_fd(const struct nlsock *s);

/* The sequence number to put in the next request. */
uint32_t nls_next_seq(struct nlsock *s);

/*
 * Send the request nlh and read replies until the kernel is done: the
 * end of a dump, an acknowledgement, or an error. cb (may be NULL) runs
 * for every data message; it returns MNL_CB_OK to go on, MNL_CB_STOP to
 * stop early or MNL_CB_ERROR (with errno) to fail. Returns 0, or -1 with
 * errno (the kernel's error, or the callback's).
 */
int nls_request(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

#endif
