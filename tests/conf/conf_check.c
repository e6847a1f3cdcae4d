/*
 * conf_check.c - parse a conntrackd.conf and print what the reference's
 * client run (`conntrackd -C FILE -s`) prints once its "[date] (pid=N) "
 * prefixes are stripped; tests/conf/diff_reference.py compares the two.
 *
 *   conf_check FILE
 *
 * Each message is "[level] text" (notices on stdout, warnings and errors
 * on stderr). A file that parses ends like the client with no daemon to
 * talk to: "can't connect..." and exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "conf.h"

static void report(void *data, int level, const char *msg)
{
	const char *name = level == LOG_ERR ? "ERROR" :
			   level == LOG_WARNING ? "warning" :
			   level == LOG_NOTICE ? "notice" :
			   level == LOG_INFO ? "info" : "?";

	(void)data;
	fprintf(level == LOG_NOTICE || level == LOG_INFO ? stdout : stderr,
		"[%s] %s\n", name, msg);
}

int main(int argc, char **argv)
{
	struct conf c;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	ret = conf_load(&c, argv[1], report, NULL);
	conf_free(&c);
	if (ret == 0)
		report(NULL, LOG_ERR, "can't connect: is conntrackd running? "
		       "appropriate permissions?");
	return EXIT_FAILURE;
}
