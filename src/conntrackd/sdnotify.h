/*
 * sdnotify.h - systemd notifications (Type=notify and the watchdog),
 * when built with libsystemd and the Systemd clause is on; no-ops
 * otherwise.
 */
#ifndef SDNOTIFY_H
#define SDNOTIFY_H

#include <stdbool.h>
#include <sys/types.h>

struct ctd;

/* True when this build can talk to systemd. */
bool sdn_built(void);
void sdn_notify(bool enabled, const char *state);
/* The parent of -d tells systemd which process is the daemon. */
void sdn_mainpid(bool enabled, pid_t pid);
/* The watchdog timer, when systemd asks for one (before -d forks, as
 * the reference: the daemon's child keeps the loop and its timer). */
void sdn_watchdog(struct ctd *d);
/* READY=1. */
void sdn_ready(struct ctd *d);

#endif
