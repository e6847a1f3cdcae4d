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

#endif
