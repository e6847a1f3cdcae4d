/*
 * cli.h - conntrackd's command line, read as conntrackd 1.4.x reads it
 * (docs/notes/conntrackd-reference.md §1.1): each word is classified by
 * its second character alone, table arguments match by prefix, and the
 * odd exit codes are kept (an unknown option exits 0).
 */
#ifndef CLI_H
#define CLI_H

#include <limits.h>
#include <stdbool.h>

enum cli_mode { CLI_NOT_SET, CLI_DAEMON, CLI_REQUEST };

/* What to do once the command line is read. */
enum cli_outcome {
	CLI_RUN,		/* run the daemon (console or -d) or the request */
	CLI_EXIT_OK,		/* -v/-h printed, or an unknown option: exit 0 */
	CLI_EXIT_FAIL,		/* error reported: exit 1 */
};

struct cli {
	enum cli_mode mode;
	int request;		/* enum ctd_request, -1 = none */
	char config[PATH_MAX + 1];	/* "" = the default file */
};

struct ctd_log;

/* Parse argv into cli. Usage and version go to stdout, messages through
 * the log (console); prog is argv[0] as the usage text shows it. */
enum cli_outcome cli_parse(struct cli *cli, int argc, char **argv,
			   struct ctd_log *log);

#endif
