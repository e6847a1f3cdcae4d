/*
 * daemon.c - the daemon's life: lock file, start-up, console or daemon
 * mode, the control socket's requests, and shutdown, in the order and
 * with the messages of conntrackd 1.4.x (docs/notes/conntrackd-reference.md
 * §3).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "cache_dump.h"
#include "ctd.h"
#include "daemon.h"
#include "obuf.h"
#include "request.h"
#include "sdnotify.h"

/* How long a client may take to send its request, and to read. */
#define LOCAL_READ_MS	1000
#define LOCAL_SEND_SEC	30

void ctd_shutdown(struct ctd *d)
{
	local_close(&d->local);
	if (d->mode) {
		kernel_close(d);
		d->mode->kill(d);
	}
	if (d->lock_taken)
		unlink(d->conf.lockfile);
	log_msg(&d->log, LOG_NOTICE, "---- shutdown received ----");
	log_close(&d->log);
	sdn_notify(d->conf.systemd, "STOPPING=1");
	_exit(0);
}

static void on_signal(struct loop *l, int signo, void *data)
{
	struct ctd *d = data;

	if (signo == SIGCHLD)
		process_reap(d);
	else
		ctd_shutdown(d);
}

/* The read of one unsigned 64-bit integer from a /proc file, 0 if none. */
static unsigned long long proc_value(const char *path)
{
	unsigned long long v = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

/*
 * HashSize and HashLimit left out of the file: sized from the kernel's
 * own table instead of the reference's fixed 65536/262144, so that the
 * cache can hold what the kernel can (a deliberate difference, logged).
 */
static void size_caches(struct ctd *d)
{
	struct conf *c = &d->conf;
	unsigned long long v;

	if (!c->hashsize) {
		v = proc_value("/proc/sys/net/netfilter/nf_conntrack_buckets");
		c->hashsize = v > CONF_DEF_HASHSIZE && v <= (1u << 26) ?
			      (unsigned int)v : CONF_DEF_HASHSIZE;
		log_msg(&d->log, LOG_NOTICE, "HashSize not set: using %u "
			"buckets (nf_conntrack_buckets is %llu)", c->hashsize, v);
	}
	if (!c->hashlimit) {
		v = proc_value("/proc/sys/net/netfilter/nf_conntrack_max") * 2;
		c->hashlimit = v > CONF_DEF_HASHLIMIT && v <= (1u << 30) ?
			       (unsigned int)v : CONF_DEF_HASHLIMIT;
		log_msg(&d->log, LOG_NOTICE, "HashLimit not set: using %u "
			"entries (twice nf_conntrack_max)", c->hashlimit);
	}
}

/* Scheduler clause (§3.3): real-time round robin at the top priority
 * unless told otherwise. */
static void set_scheduler(struct ctd *d)
{
	struct sched_param sp = { 0 };
	int policy = d->conf.sched_type;

	if (policy == SCHED_OTHER) {
		policy = SCHED_RR;
		sp.sched_priority = sched_get_priority_max(SCHED_RR);
	} else {
		sp.sched_priority = d->conf.sched_prio;
	}
	if (sched_setscheduler(0, policy, &sp) < 0)
		log_msg(&d->log, LOG_WARNING, "scheduler configuration failed: "
			"%s. Likely a bug in conntrackd, please report it. "
			"Continuing with system default scheduler.",
			strerror(errno));
}

/* "-s runtime": the kernel side's counters and the daemon's own. */
static void show_runtime(struct ctd *d, struct obuf *o)
{
	const struct kernel_stats *k = &d->kernel.st;
	struct cdump_runtime r = {
		.uptime = time(NULL) - d->start_time,
		.events_received = k->events_received,
		.events_filtered = k->events_filtered,
		.events_unknown_type = k->events_unknown_type,
		.catch_event_failed = k->catch_event_failed,
		.dump_unknown_type = k->dump_unknown_type,
		.overrun = k->overrun, .flush = k->flush, .resync = k->resync,
		.buffer_size = d->mode ? d->kernel.bufsize :
			       d->conf.nl_buffer_size,
		.child_fail = d->rt.child_fail,
		.child_segfault = d->rt.child_segfault,
		.child_termsig = d->rt.child_termsig,
		.select_failed = d->rt.select_failed,
		.wait_failed = d->rt.wait_failed,
		.local_read_failed = d->rt.local_read_failed,
		.local_unknown_request = d->rt.local_unknown_request,
	};

	cdump_runtime(o, &r);
}

/* Write the answer to a request into o (KILL does not return). */
static void answer(struct ctd *d, int request, struct obuf *o)
{
	switch (request) {
	case REQ_KILL:
		ob_flush(o);
		ctd_shutdown(d);
	case REQ_STATS_RUNTIME:
		show_runtime(d, o);
		break;
	case REQ_STATS_PROCESS:
		process_show(&d->procs, o);
		break;
	}
	if (!d->mode)
		return;
	kernel_local(d, request);
	d->mode->local(d, o, request);
}

static void on_client(struct loop *l, struct loop_io *io, uint32_t events)
{
	struct ctd *d = io->data;
	struct obuf o;
	int fd, request;

	fd = accept4(d->local.fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return;
	if (local_read_request(fd, LOCAL_READ_MS, &request) < 0) {
		d->rt.local_read_failed++;
		close(fd);
		return;
	}
	if (ob_init(&o, fd, 64 * 1024) == 0) {
		/* One deadline for the whole answer: a client that does not
		 * read loses it, and the walk producing it stops. */
		o.deadline = loop_now() + LOCAL_SEND_SEC * 1000;
		answer(d, request, &o);
		ob_flush(&o);
		ob_free(&o);
	}
	close(fd);
}

static int start_mode(struct ctd *d)
{
	/* Not silently: an operator relying on them must know at once. */
	if (d->conf.flags & CONF_F_HELPER)
		log_msg(&d->log, LOG_WARNING, "the Helper section is not "
			"supported by this version yet: user-space helpers do "
			"not run");
	if (d->conf.flags & CONF_F_STATS)
		d->mode = &stats_mode;
	else if (d->conf.flags & CONF_F_SYNC)
		d->mode = &sync_mode;
	else
		return 0;
	d->fills_from_kernel = d->mode->fills_from_kernel;
	if (d->mode->init(d) < 0)
		return -1;
	return kernel_init(d);
}

/* Everything between the lock file and the main loop (the reference's
 * init()). Returns 0 or -1 (logged). */
static int init(struct ctd *d)
{
	sigset_t sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGCHLD);
	if (d->conf.flags & (CONF_F_STATS | CONF_F_SYNC))
		size_caches(d);
	set_scheduler(d);
	if (loop_init(&d->loop, &sigs, on_signal, d) < 0) {
		log_msg(&d->log, LOG_ERR, "can't create file descriptor pool");
		return -1;
	}
	if (local_open(&d->local, d->conf.unix_path) < 0) {
		log_msg(&d->log, LOG_ERR, "can't open unix socket!");
		return -1;
	}
	d->local.io = (struct loop_io){ .fd = d->local.fd, .cb = on_client,
					.data = d };
	if (loop_add(&d->loop, &d->local.io, EPOLLIN) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	if (start_mode(d) < 0)
		return -1;
	d->start_time = time(NULL);
	log_msg(&d->log, LOG_NOTICE, "initialization completed");
	return 0;
}

/* -d: the parent leaves, the child carries on without a terminal. */
static void detach(struct ctd *d)
{
	pid_t pid = fork();
	int null;

	if (pid < 0) {
		log_msg(&d->log, LOG_ERR, "fork has failed: %s", strerror(errno));
		log_close(&d->log);
		unlink(d->conf.lockfile);
		exit(EXIT_FAILURE);
	}
	if (pid > 0) {
		sdn_mainpid(d->conf.systemd, pid);
		_exit(EXIT_SUCCESS);
	}
	setsid();
	/* The reference closes 1 and 2; pointing them at /dev/null instead
	 * keeps a later socket from landing on them. */
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	log_msg(&d->log, LOG_NOTICE, "-- starting in daemon mode --");
}

int daemon_run(struct ctd *d)
{
	sigset_t sigs;
	int fd;

	/* From here on, SIGTERM and SIGINT wait for the loop (which takes
	 * them through its signalfd), so that a shutdown during start-up,
	 * e.g. during a long initial dump, is still a clean one. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	if (log_open(&d->log, &d->conf) < 0)
		return EXIT_FAILURE;
	fd = open(d->conf.lockfile, O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_msg(&d->log, LOG_ERR, "lockfile `%s' exists, perhaps "
			"conntrackd already running?", d->conf.lockfile);
		return EXIT_FAILURE;
	}
	close(fd);
	d->lock_taken = true;
	if (init(d) < 0) {
		log_msg(&d->log, LOG_ERR, "conntrackd cannot start, please "
			"review your configuration");
		log_close(&d->log);
		unlink(d->conf.lockfile);
		return EXIT_FAILURE;
	}
	if (chdir("/") < 0)
		log_msg(&d->log, LOG_WARNING, "Cannot change current directory "
			"to %s: %s", "/", strerror(errno));
	close(STDIN_FILENO);
	sdn_watchdog(d);
	if (d->cli.mode == CLI_DAEMON)
		detach(d);
	else
		log_msg(&d->log, LOG_NOTICE, "-- starting in console mode --");
	sdn_ready(d);
	if (loop_run(&d->loop) < 0) {
		d->rt.select_failed++;
		log_msg(&d->log, LOG_ERR, "event loop failed: %s", strerror(errno));
	}
	ctd_shutdown(d);
}
