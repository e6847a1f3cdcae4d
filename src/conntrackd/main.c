/*
 * main.c - conntrackd: read the command line and the configuration, then
 * either send one request to the running daemon or become the daemon.
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "client.h"
#include "conf.h"
#include "ctd.h"
#include "daemon.h"
#include "sdnotify.h"

/* Config messages go through the log, which is not open yet: console. */
static void report(void *data, int level, const char *msg)
{
	log_text(data, level, msg);
}

int main(int argc, char **argv)
{
	static struct ctd d;	/* large; lives as long as the process */
	const char *file;

	log_init(&d.log, false);
	switch (cli_parse(&d.cli, argc, argv, &d.log)) {
	case CLI_EXIT_OK:
		return EXIT_SUCCESS;
	case CLI_EXIT_FAIL:
		return EXIT_FAILURE;
	case CLI_RUN:
		break;
	}
	d.log.daemon = d.cli.mode == CLI_DAEMON;
	file = d.cli.config[0] ? d.cli.config : CONF_DEFAULT_FILE;
	/* Every file the daemon creates (lock, logs, socket) is 0600. */
	umask(0177);
	if (conf_load(&d.conf, file, report, &d.log) < 0)
		return EXIT_FAILURE;
	if (d.conf.systemd_set && d.conf.systemd && !sdn_built())
		log_msg(&d.log, LOG_WARNING, "systemd runtime support activated "
			"but conntrackd was built without support for it. "
			"Recompile conntrackd");
	if (d.cli.mode == CLI_REQUEST) {
		if (client_request(d.conf.unix_path, d.cli.request) < 0) {
			log_msg(&d.log, LOG_ERR, "can't connect: is conntrackd "
				"running? appropriate permissions?");
			return EXIT_FAILURE;
		}
		return EXIT_SUCCESS;
	}
	return daemon_run(&d);
}
