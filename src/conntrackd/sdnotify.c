/*
 * sdnotify.c - systemd notifications; see sdnotify.h.
 */
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "ctd.h"
#include "sdnotify.h"

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>

bool sdn_built(void)
{
	return true;
}

void sdn_notify(bool enabled, const char *state)
{
	if (enabled)
		sd_notify(0, state);
}

void sdn_mainpid(bool enabled, pid_t pid)
{
	if (enabled)
		sd_notifyf(0, "MAINPID=%d", (int)pid);
}

static void on_watchdog(struct loop *l, struct loop_timer *t)
{
	struct ctd *d = t->data;

	sd_notify(0, "WATCHDOG=1");
	loop_timer_in(l, t, d->watchdog_ms);
}

void sdn_ready(struct ctd *d)
{
	if (d->conf.systemd)
		sd_notify(0, "READY=1");
}

void sdn_watchdog(struct ctd *d)
{
	uint64_t usec = 0;
	int ret;

	if (!d->conf.systemd)
		return;
	ret = sd_watchdog_enabled(0, &usec);
	if (ret < 0) {
		log_msg(&d->log, LOG_WARNING, "failed to get watchdog details "
			"from systemd: %s", strerror(-ret));
		return;
	}
	if (ret == 0 || usec < 2000)
		return;
	/* Twice per period, as systemd recommends. */
	d->watchdog_ms = (int64_t)(usec / 2000);
	d->watchdog = (struct loop_timer){ .cb = on_watchdog, .data = d };
	loop_timer_in(&d->loop, &d->watchdog, d->watchdog_ms);
}
#else
bool sdn_built(void)
{
	return false;
}

void sdn_notify(bool enabled, const char *state)
{
}

void sdn_mainpid(bool enabled, pid_t pid)
{
}

void sdn_ready(struct ctd *d)
{
}

void sdn_watchdog(struct ctd *d)
{
}
#endif
