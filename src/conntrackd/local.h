/*
 * local.h - the daemon's control socket: a UNIX stream socket at
 * UNIX { Path }, one 4-byte request per connection, answered with text
 * and closed (docs/notes/conntrackd-reference.md §1.3).
 */
#ifndef LOCAL_H
#define LOCAL_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

struct local_server {
	int fd;
	char path[108];
	struct loop_io io;
};

/*
 * Listen at path (removing a stale socket file first), with the
 * reference's address length (so an empty path autobinds an abstract
 * socket). Returns 0, or -1 after removing the path.
 */
int local_open(struct local_server *ls, const char *path);

/* Stop listening and remove the socket file. */
void local_close(struct local_server *ls);

/*
 * The request in the len bytes a client sent: exactly one 4-byte int in
 * host order. Returns 0 with *request set, -1 when the bytes are not one
 * request (short, long). Unknown codes are valid requests: the daemon
 * answers them with nothing, as the reference does.
 */
int local_parse_request(const void *buf, size_t len, int *request);

/*
 * Read one request from a client that just connected (non-blocking fd),
 * waiting at most timeout_ms in all for its 4 bytes. Returns 0 with
 * *request set, or -1.
 */
int local_read_request(int fd, int timeout_ms, int *request);

#endif
