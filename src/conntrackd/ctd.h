/*
 * ctd.h - the daemon's state, one struct passed everywhere (no globals):
 * configuration, log, event loop, control socket, kernel handles, the
 * running mode and the counters "-s runtime" shows.
 */
#ifndef CTD_H
#define CTD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cli.h"
#include "conf.h"
#include "kernel.h"
#include "local.h"
#include "log.h"
#include "loop.h"
#include "mode.h"
#include "process.h"

struct ctd_runtime_stats {
	uint32_t child_fail, child_segfault, child_termsig;
	uint32_t select_failed, wait_failed;
	uint32_t local_read_failed, local_unknown_request;
};

struct ctd {
	struct cli cli;
	struct conf conf;
	struct ctd_log log;
	struct loop loop;
	struct local_server local;
	struct kernel kernel;
	const struct ctd_mode *mode;	/* stats or sync; NULL: neither */
	void *mode_state;
	/* The mode fills its cache from the kernel (initial dump, resync,
	 * purge): the mode's default, cleared by a sync mode without an
	 * internal cache. */
	bool fills_from_kernel;
	struct process_list procs;	/* forked children (flush) */
	struct ctd_runtime_stats rt;
	int64_t start_time;		/* time() at the end of start-up */
	bool lock_taken;		/* the lock file is ours to remove */
	struct loop_timer watchdog;	/* systemd's, when it asks */
	int64_t watchdog_ms;
};

/* Shut down as SIGTERM does: remove the socket and the lock, log, exit 0. */
void ctd_shutdown(struct ctd *d) __attribute__((noreturn));

#endif
