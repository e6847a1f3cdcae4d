/*
 * sync_mode.c - the Sync section's modes (FTFW, ALARM, NOTRACK). The
 * replication itself comes with the sync protocol; until then a Sync
 * configuration is read and checked in full, and the daemon says plainly
 * that it cannot run it rather than starting half a replica.
 */
#include "ctd.h"

static int sync_init(struct ctd *d)
{
	if (!d->conf.sync_modes)
		log_msg(&d->log, LOG_WARNING, "No synchronization mode "
			"specified. Defaulting to FT-FW mode.");
	log_msg(&d->log, LOG_ERR, "the Sync section is not supported by this "
		"version yet: state replication is not implemented");
	return -1;
}

static void sync_kill(struct ctd *d)
{
}

const struct ctd_mode sync_mode = {
	.name = "sync",
	.init = sync_init,
	.kill = sync_kill,
};
