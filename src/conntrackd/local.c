/*
 * local.c - the control socket; see local.h.
 *
 * The reference reads the request with one blocking read(): a client
 * that connects and sends nothing stalls it, and a short read leaves
 * part of the code uninitialised. Here the four bytes must arrive within
 * one deadline, or the client is dropped (and counted as a failed local
 * read); bytes after the first four are ignored, as by the reference.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "local.h"

int local_open(struct local_server *ls, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = strnlen(path, sizeof(sun.sun_path) - 1);
	int off = 0;

	memset(ls, 0, sizeof(*ls));
	memcpy(ls->path, path, len);
	memcpy(sun.sun_path, path, len);
	ls->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (ls->fd < 0)
		goto fail;
	setsockopt(ls->fd, SOL_SOCKET, SO_REUSEADDR, &off, sizeof(off));
	unlink(ls->path);
	if (bind(ls->fd, (struct sockaddr *)&sun,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) < 0 ||
	    listen(ls->fd, 100) < 0)
		goto fail;
	return 0;
fail:
	if (ls->fd >= 0)
		close(ls->fd);
	ls->fd = -1;
	unlink(ls->path);
	return -1;
}

void local_close(struct local_server *ls)
{
	if (ls->fd < 0)
		return;
	close(ls->fd);
	ls->fd = -1;
	unlink(ls->path);
}

int local_parse_request(const void *buf, size_t len, int *request)
{
	if (len != sizeof(*request))
		return -1;
	memcpy(request, buf, sizeof(*request));
	return 0;
}

int local_read_request(int fd, int timeout_ms, int *request)
{
	unsigned char buf[sizeof(*request)];
	int64_t deadline = loop_now() + timeout_ms;
	size_t got = 0;

	while (got < sizeof(buf)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - loop_now();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		n = read(fd, buf + got, sizeof(buf) - got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return local_parse_request(buf, got, request);
}
