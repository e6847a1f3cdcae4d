/*
 * client.c - one request over the control socket; see client.h.
 *
 * The address length is the path's length plus the family, without the
 * terminating NUL, as the reference computes it (so an empty path is an
 * abstract-namespace autobind address that nothing listens on).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "client.h"

int client_request(const char *path, int request)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = strnlen(path, sizeof(sun.sun_path) - 1);
	char buf[4096];
	ssize_t n;
	int fd;

	memcpy(sun.sun_path, path, len);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) < 0 ||
	    send(fd, &request, sizeof(request), MSG_NOSIGNAL) != sizeof(request)) {
		close(fd);
		return -1;
	}
	/* The answer is text; an embedded NUL ends a chunk as printf("%s")
	 * in the reference would end it. */
	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
		fwrite(buf, 1, strnlen(buf, (size_t)n), stdout);
	fflush(stdout);
	close(fd);
	return 0;
}
