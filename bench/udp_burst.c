/*
 * udp_burst.c - make N new conntrack entries fast: one UDP datagram from
 * each of N (source port, destination port) pairs to 127.0.0.1, sent with
 * sendmmsg. Used by event_burst.sh inside a scratch network namespace.
 *
 *   udp_burst N
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 256
#define SOCKS 64	/* source ports; destination ports vary per socket */

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	struct sockaddr_in dst[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov = { (void *)"x", 1 };
	long sent = 0;
	int fds[SOCKS];

	for (int i = 0; i < SOCKS; i++) {
		struct sockaddr_in src = { .sin_family = AF_INET,
			.sin_port = htons((uint16_t)(1024 + i)),
			.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fds[i] < 0 || bind(fds[i], (void *)&src, sizeof(src)) < 0) {
			perror("socket/bind");
			return 1;
		}
	}
	memset(msgs, 0, sizeof(msgs));
	for (int s = 0; sent < n; s = (s + 1) % SOCKS) {
		for (long base = 2000; base < 2000 + 60000 && sent < n; base += BATCH) {
			int k = 0;

			for (; k < BATCH && sent + k < n && base + k < 62000; k++) {
				dst[k] = (struct sockaddr_in){ .sin_family = AF_INET,
					.sin_port = htons((uint16_t)(base + k)),
					.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
				msgs[k].msg_hdr.msg_name = &dst[k];
				msgs[k].msg_hdr.msg_namelen = sizeof(dst[k]);
				msgs[k].msg_hdr.msg_iov = &iov;
				msgs[k].msg_hdr.msg_iovlen = 1;
			}
			int r = sendmmsg(fds[s], msgs, (unsigned int)k, 0);

			if (r < 0) {
				perror("sendmmsg");
				return 1;
			}
			sent += r;
		}
		if (s == SOCKS - 1 && sent < n) {
			fprintf(stderr, "udp_burst: at most %d x 60000 pairs\n", SOCKS);
			break;
		}
	}
	printf("%ld\n", sent);
	return 0;
}
