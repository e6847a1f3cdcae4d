/*
 * ctprobe.c - the kernel's limit for the benchmarks: the least a program
 * can do through ctnetlink.
 *
 *   ctprobe dump            full conntrack dump, messages counted, not parsed
 *   ctprobe insert N        create N entries (the benchmark's mix: tcp/udp,
 *                           IPv4/IPv6, destination port 80 or 443), many
 *                           requests per sendmsg, only errors answered
 *
 * Prints the number of entries dumped or created.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct.h"
#include "ct_build.h"

#define BUFSZ (1 << 20)
/* One sendmsg must fit the socket's send buffer (about 200 KiB). */
#define BATCH (128 << 10)

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(long *)data;
	return MNL_CB_OK;
}

static int dump(struct mnl_socket *nl)
{
	static char buf[BUFSZ];
	char req[CT_MSG_MAX];
	unsigned int portid = mnl_socket_get_portid(nl);
	struct nlmsghdr *nlh = ct_msg_start(req, NFNL_SUBSYS_CTNETLINK,
					    IPCTNL_MSG_CT_GET, NLM_F_DUMP,
					    AF_UNSPEC, 1);
	long n = 0;
	int ret;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		ssize_t len = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (len < 0)
			return -1;
		ret = mnl_cb_run(buf, (size_t)len, 1, portid, count_cb, &n);
	} while (ret > 0);
	printf("%ld\n", n);
	return ret < 0 ? -1 : 0;
}

/* Entry i of the benchmark's table (bench/table_bench.sh makes the same). */
static void entry(long i, struct ct_entry *ct)
{
	bool v6 = i % 4 >= 2, tcp = i % 2;

	memset(ct, 0, sizeof(*ct));
	ct->orig.l3 = v6 ? AF_INET6 : AF_INET;
	ct->orig.l4 = tcp ? IPPROTO_TCP : IPPROTO_UDP;
	if (v6) {
		ct->orig.src.v6[0] = htonl(0x20010db8);
		ct->orig.src.v6[3] = htonl((uint32_t)i + 1);
		ct->orig.dst.v6[0] = htonl(0x20010db8);
		ct->orig.dst.v6[3] = htonl(0xffff0001);
	} else {
		ct->orig.src.v4 = htonl(0x0a000000 + (uint32_t)i + 1);
		ct->orig.dst.v4 = htonl(0xac100001);
	}
	ct->orig.sport = htons((uint16_t)(1024 + i % 60000));
	ct->orig.dport = htons(i % 8 < 4 ? 80 : 443);
	ct_set(ct, CTF_ORIG_L3);
	ct_complete_reply(ct);
	ct->timeout = 3600;
	ct_set(ct, CTF_TIMEOUT);
	if (tcp) {
		ct->state = 3;	/* ESTABLISHED */
		ct_set(ct, CTF_TCP_STATE);
	}
}

static int insert(struct mnl_socket *nl, long n)
{
	static char buf[BUFSZ], rbuf[BUFSZ];
	unsigned int portid = mnl_socket_get_portid(nl);
	long made = 0, failed = 0;

	for (long i = 0; i < n;) {
		struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(buf, BATCH);

		for (; i < n; i++) {
			struct ct_entry ct;
			struct nlmsghdr *nlh;

			entry(i, &ct);
			nlh = ct_msg_start(mnl_nlmsg_batch_current(b), NFNL_SUBSYS_CTNETLINK,
					   IPCTNL_MSG_CT_NEW, NLM_F_CREATE | NLM_F_EXCL,
					   ct.orig.l3, (uint32_t)i);
			ct_build(nlh, &ct);
			if (!mnl_nlmsg_batch_next(b))
				break;	/* did not fit: first of the next batch */
			made++;
		}
		if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b),
				      mnl_nlmsg_batch_size(b)) < 0) {
			perror("ctprobe: sendmsg");
			return -1;
		}
		mnl_nlmsg_batch_stop(b);
		/* Errors only: read what is there without waiting. */
		for (;;) {
			ssize_t len = recv(mnl_socket_get_fd(nl), rbuf, sizeof(rbuf),
					   MSG_DONTWAIT);

			if (len <= 0)
				break;
			for (struct nlmsghdr *h = (struct nlmsghdr *)rbuf;
			     mnl_nlmsg_ok(h, (int)len); h = mnl_nlmsg_next(h, (int *)&len))
				if (h->nlmsg_type == NLMSG_ERROR) {
					const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

					if (!failed)
						fprintf(stderr, "ctprobe: first error: %s\n",
							strerror(-e->error));
					failed++;
				}
		}
		(void)portid;
	}
	printf("%ld\n", made - failed);
	return 0;
}

int main(int argc, char **argv)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	int rcv = 64 << 20;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("ctprobe: netlink");
		return 1;
	}
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv));
	if (argc > 1 && !strcmp(argv[1], "dump"))
		return dump(nl) < 0;
	if (argc > 2 && !strcmp(argv[1], "insert"))
		return insert(nl, atol(argv[2])) < 0;
	fprintf(stderr, "usage: ctprobe dump | ctprobe insert N\n");
	return 2;
}
