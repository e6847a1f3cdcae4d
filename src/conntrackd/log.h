/*
 * log.h - conntrackd's log: lines "[date] (pid=N) [level] message" as the
 * reference writes them, to the console, the LogFile and syslog.
 *
 * Until log_open() (and again after log_close()), every line goes to the
 * console: notice and info on stdout, the rest on stderr. Once open, a
 * daemon (-d) writes only to the LogFile and syslog; a console-mode
 * process writes to the console as well.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>
#include <stdio.h>
#include <syslog.h>

struct conf;

struct ctd_log {
	FILE *file;		/* General LogFile, or NULL */
	FILE *stats;		/* Stats LogFile, or NULL */
	int facility;		/* General Syslog facility, -1 = off */
	int stats_facility;	/* Stats Syslog facility, -1 = off */
	bool open;		/* log_open() done */
	bool daemon;		/* -d: no console once open */
};

/* A log that writes to the console only. */
void log_init(struct ctd_log *l, bool daemon);

/*
 * Open the LogFiles of c (append, line-buffered) and syslog. When a file
 * cannot be opened, print the reference's message on stderr and return
 * -1 (nothing is left open); else 0.
 */
int log_open(struct ctd_log *l, const struct conf *c);
void log_close(struct ctd_log *l);

void log_msg(struct ctd_log *l, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same with a message already formatted (config parser reports). */
void log_text(struct ctd_log *l, int prio, const char *msg);

/*
 * A stats-mode flow line: the date as ctime() writes it with its newline
 * replaced by a TAB, then text (one entry, no newline). It goes to the
 * stats LogFile, and to syslog as the reference sends it: through the
 * General facility when General Syslog is on and no stats file exists,
 * else the Stats facility (LOG_INFO).
 */
void log_flow(struct ctd_log *l, const char *text, size_t len);

/* An entry the daemon failed to act on (commit): the date and TAB, then
 * text, to the General LogFile, and to syslog (LOG_ERR) when General
 * Syslog is on, as the reference records them after the error line. */
void log_entry(struct ctd_log *l, const char *text);

#endif
