/*
 * daemon.h - run the daemon once the command line and the configuration
 * have been read.
 */
#ifndef DAEMON_H
#define DAEMON_H

struct ctd;

/* Start (console or -d mode) and serve until shut down. Returns the exit
 * status when start-up fails; on success it never returns. */
int daemon_run(struct ctd *d);

#endif
