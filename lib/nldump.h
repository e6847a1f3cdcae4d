/*
 * nldump.h - a ctnetlink dump read by a second thread.
 *
 * The kernel builds the next part of a dump while the reader sits in
 * recv(): with the socket read by a helper thread, that kernel time and
 * the caller's parsing and printing of the part before run at once, on
 * two cores. Callbacks still run on the calling thread only.
 */
#ifndef NLDUMP_H
#define NLDUMP_H

#include "nlsock.h"

/*
 * Send the dump request nlh on s and run cb on every message of the
 * answer, as nls_request() does. Returns 0, or -1 with errno (the
 * kernel's error, the socket's, or the callback's).
 */
int nld_dump(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/*
 * A dump run on a socket of its own by a helper thread that only stores
 * the kernel's datagrams, in an unlinked temporary file ($TMPDIR or
 * /tmp), while the caller does something else (another dump): the two
 * dumps' kernel work runs on two cores, and the output keeps its order.
 * nld_spool_start() returns NULL (errno) when it cannot start; the caller
 * then runs the dump itself. nld_spool_finish() waits for the thread,
 * runs cb on every message in order (reading the rest of the dump from
 * the socket if the file grew too large) and frees everything; it
 * returns as nld_dump() does.
 */
struct nld_spool;
struct nld_spool *nld_spool_start(struct nlmsghdr *nlh);
int nld_spool_finish(struct nld_spool *sp, mnl_cb_t cb, void *data);

#endif
