/*
 * log.c - conntrackd's log lines; see log.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"

void log_init(struct ctd_log *l, bool daemon)
{
	*l = (struct ctd_log){ .facility = -1, .stats_facility = -1,
			       .daemon = daemon };
}

static FILE *open_one(const char *path)
{
	FILE *f = fopen(path, "a+");

	if (!f) {
		fprintf(stderr, "ERROR: can't open logfile `%s'.Reason: %s\n",
			path, strerror(errno));
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

int log_open(struct ctd_log *l, const struct conf *c)
{
	if (c->logfile[0] && !(l->file = open_one(c->logfile)))
		return -1;
	if (c->stats_logfile[0] && !(l->stats = open_one(c->stats_logfile))) {
		if (l->file)
			fclose(l->file);
		l->file = NULL;
		return -1;
	}
	l->facility = c->syslog_facility;
	l->stats_facility = c->stats_syslog_facility;
	/* As the reference: the General facility even when only Stats logs
	 * to syslog (glibc then keeps its default, LOG_USER). */
	if (l->facility != -1 || l->stats_facility != -1)
		openlog("conntrack-tools", LOG_PID,
			l->facility != -1 ? l->facility : 0);
	l->open = true;
	return 0;
}

void log_close(struct ctd_log *l)
{
	if (l->file)
		fclose(l->file);
	if (l->stats)
		fclose(l->stats);
	if (l->open && (l->facility != -1 || l->stats_facility != -1))
		closelog();
	l->file = l->stats = NULL;
	l->open = false;
}

static const char *level_name(int prio)
{
	switch (prio) {
	case LOG_INFO:
		return "info";
	case LOG_NOTICE:
		return "notice";
	case LOG_WARNING:
		return "warning";
	case LOG_ERR:
		return "ERROR";
	default:
		return "?";
	}
}

/* One whole line per write, so lines of two processes never mix. */
static void put_line(FILE *f, int prio, const char *msg)
{
	char date[64];
	time_t t = time(NULL);

	if (!ctime_r(&t, date))
		strcpy(date, "?\n");
	date[strcspn(date, "\n")] = '\0';
	fprintf(f, "[%s] (pid=%d) [%s] %s\n", date, (int)getpid(),
		level_name(prio), msg);
	fflush(f);
}

void log_text(struct ctd_log *l, int prio, const char *msg)
{
	if (!l->daemon || !l->open)
		put_line(prio == LOG_INFO || prio == LOG_NOTICE ? stdout : stderr,
			 prio, msg);
	if (!l->open)
		return;
	if (l->file)
		put_line(l->file, prio, msg);
	if (l->facility != -1)
		syslog(prio, "%s", msg);
}

void log_msg(struct ctd_log *l, int prio, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_text(l, prio, msg);
}

/* ctime() of now with its newline turned into a TAB, as the reference
 * opens its lines about entries. */
static void date_tab(char date[64])
{
	time_t t = time(NULL);

	if (!ctime_r(&t, date))
		strcpy(date, "?\n");
	date[strcspn(date, "\n")] = '\t';
}

void log_flow(struct ctd_log *l, const char *text, size_t len)
{
	char date[64];

	date_tab(date);
	if (l->stats) {
		fputs(date, l->stats);
		fwrite(text, 1, len, l->stats);
		fputc('\n', l->stats);
	}
	/* The reference picks the syslog priority by comparing the file it
	 * wrote to with its two log files: no stats file but a General one
	 * means the stats rule; no file at all means the General rule. */
	if (!l->open)
		return;
	if (!l->stats && !l->file) {
		if (l->facility != -1)
			syslog(LOG_ERR, "%.*s", (int)len, text);
	} else if (l->stats_facility != -1) {
		syslog(LOG_INFO, "%.*s", (int)len, text);
	}
}

void log_entry(struct ctd_log *l, const char *text)
{
	char date[64];

	date_tab(date);
	if (l->file)
		fprintf(l->file, "%s%s\n", date, text);
	if (l->open && l->facility != -1)
		syslog(LOG_ERR, "%s", text);
}
