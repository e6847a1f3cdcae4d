/*
 * cli.c - conntrackd's command line; see cli.h.
 *
 * Only argv[i][1] decides what a word is, so "-kill" is -k and a bare
 * word "foo" is the option 'o'. The optional table argument of
 * -c -i -e -F -R is the next word when it does not start with '-'; it
 * selects ct or expect when it is a prefix of either (even the empty
 * word), and is otherwise left to be read as the next option.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "log.h"
#include "request.h"

static void usage(const char *prog)
{
	printf("Connection tracking userspace daemon v%s\n"
	       "Usage: %s [commands] [options]\n\n", CT_VERSION, prog);
	printf("General commands:\n"
	       "  -d, run in daemon mode\n"
	       "  -C [configfile], configuration file path\n"
	       "  -v, display conntrackd version\n"
	       "  -h, display this help information\n\n");
	printf("Client mode commands:\n"
	       "  -c [ct|expect], commit external cache to conntrack table\n"
	       "  -f [internal|external], flush internal and external cache\n"
	       "  -F [ct|expect], flush kernel conntrack table\n"
	       "  -i [ct|expect], display content of the internal cache\n"
	       "  -e [ct|expect], display the content of the external cache\n"
	       "  -k, kill conntrack daemon\n"
	       "  -s  [network|cache|runtime|link|rsqueue|queue|ct|expect], dump statistics\n"
	       "  -R [ct|expect], resync with kernel conntrack table\n"
	       "  -n, request resync with other node (only FT-FW and NOTRACK modes)\n"
	       "  -B, force a bulk send to other replica firewalls\n"
	       "  -x, dump cache in XML format (requires -i or -e)\n"
	       "  -t, reset the kernel timeout (see PurgeTimeout clause)\n\n");
}

static void version(void)
{
	/* The reference's first line with our version (as conntrack -V);
	 * the second says what this is rather than whose it is. */
	printf("Connection tracking userspace daemon v%s. "
	       "Licensed under GPLv2.\n"
	       "A reimplementation compatible with conntrackd 1.4.x.\n",
	       CT_VERSION);
}

/* arg is a prefix of word (strncmp over arg's own length). */
static bool prefix_of(const char *arg, const char *word)
{
	return strncmp(arg, word, strlen(arg)) == 0;
}

/* The optional argument at argv[i + 1], or NULL. */
static const char *next_arg(int i, int argc, char **argv)
{
	return i + 1 < argc && argv[i + 1][0] != '-' ? argv[i + 1] : NULL;
}

/* -c -i -e -F -R: ct, expect or the default. Returns the index of the
 * last word used. */
static int by_table(struct cli *cli, int i, int argc, char **argv,
		    int ct, int exp, int dfl)
{
	const char *arg = next_arg(i, argc, argv);

	if (!arg) {
		cli->request = dfl;
	} else if (prefix_of(arg, "ct")) {
		cli->request = ct;
		i++;
	} else if (prefix_of(arg, "expect")) {
		cli->request = exp;
		i++;
	}
	return i;
}

static const struct {
	const char *name;
	int request;
} stats_args[] = {
	{ "network", REQ_STATS_NETWORK }, { "cache", REQ_STATS_CACHE },
	{ "runtime", REQ_STATS_RUNTIME }, { "multicast", REQ_STATS_LINK },
	{ "link", REQ_STATS_LINK }, { "rsqueue", REQ_STATS_RSQUEUE },
	{ "process", REQ_STATS_PROCESS }, { "queue", REQ_STATS_QUEUE },
	{ "ct", REQ_STATS }, { "expect", REQ_EXP_STATS },
};

/* -s [what]: the first name arg is a prefix of, in the table's order. */
static int stats_arg(struct cli *cli, int i, int argc, char **argv,
		     struct ctd_log *log)
{
	const char *arg = next_arg(i, argc, argv);

	if (!arg) {
		cli->request = REQ_STATS;
		return i;
	}
	for (size_t k = 0; k < sizeof(stats_args) / sizeof(stats_args[0]); k++) {
		if (!prefix_of(arg, stats_args[k].name))
			continue;
		if (!strcmp(stats_args[k].name, "multicast"))
			log_msg(log, LOG_WARNING, "use `link' instead of "
				"`multicast' as parameter.");
		cli->request = stats_args[k].request;
		return i + 1;
	}
	log_msg(log, LOG_ERR, "unknown parameter `%s' for option `-s'", arg);
	return -1;
}

/* -f [internal|external]. */
static int flush_arg(struct cli *cli, int i, int argc, char **argv,
		     struct ctd_log *log)
{
	const char *arg = next_arg(i, argc, argv);

	if (!arg) {
		cli->request = REQ_ALL_FLUSH_CACHE;
		return i;
	}
	if (prefix_of(arg, "internal"))
		cli->request = REQ_CT_FLUSH_INT_CACHE;
	else if (prefix_of(arg, "external"))
		cli->request = REQ_CT_FLUSH_EXT_CACHE;
	else {
		log_msg(log, LOG_ERR, "unknown parameter `%s' for option `-f'",
			arg);
		return -1;
	}
	return i + 1;
}

/* -x turns a dump request into its XML variant. */
static bool to_xml(struct cli *cli)
{
	switch (cli->request) {
	case REQ_CT_DUMP_INTERNAL:
		cli->request = REQ_CT_DUMP_INT_XML;
		return true;
	case REQ_CT_DUMP_EXTERNAL:
		cli->request = REQ_CT_DUMP_EXT_XML;
		return true;
	case REQ_EXP_DUMP_INTERNAL:
		cli->request = REQ_EXP_DUMP_INT_XML;
		return true;
	case REQ_EXP_DUMP_EXTERNAL:
		cli->request = REQ_EXP_DUMP_EXT_XML;
		return true;
	default:
		return false;
	}
}

/* A second option asking for another mode is an error. */
static bool set_mode(struct cli *cli, enum cli_mode want)
{
	if (cli->mode == CLI_NOT_SET)
		cli->mode = want;
	return cli->mode == want;
}

static void set_config(struct cli *cli, const char *path, struct ctd_log *log)
{
	if (strlen(path) > PATH_MAX)
		log_msg(log, LOG_WARNING, "Path to config file to long. "
			"Cutting it down to %d characters", PATH_MAX);
	/* As snprintf(buf, PATH_MAX, ...): at most PATH_MAX - 1 bytes. */
	snprintf(cli->config, PATH_MAX, "%s", path);
}

/* One word; returns the index of the last word used, -1 to fail or -2
 * to exit 0 (-v, -h, unknown option). */
static int one_word(struct cli *cli, int i, int argc, char **argv,
		    struct ctd_log *log)
{
	/* An empty word has no second character: treat it as unknown. */
	char opt = argv[i][0] ? argv[i][1] : '\0';
	enum cli_mode mode = opt == 'd' ? CLI_DAEMON : CLI_REQUEST;

	if (strchr("dcieFfRBtksn", opt) && opt && !set_mode(cli, mode)) {
		usage(argv[0]);
		log_msg(log, LOG_ERR, "Invalid parameters");
		return -1;
	}
	switch (opt) {
	case 'd':
		return i;
	case 'c':
		return by_table(cli, i, argc, argv, REQ_CT_COMMIT,
				REQ_EXP_COMMIT, REQ_ALL_COMMIT);
	case 'i':
		return by_table(cli, i, argc, argv, REQ_CT_DUMP_INTERNAL,
				REQ_EXP_DUMP_INTERNAL, REQ_CT_DUMP_INTERNAL);
	case 'e':
		return by_table(cli, i, argc, argv, REQ_CT_DUMP_EXTERNAL,
				REQ_EXP_DUMP_EXTERNAL, REQ_CT_DUMP_EXTERNAL);
	case 'F':
		return by_table(cli, i, argc, argv, REQ_CT_FLUSH_MASTER,
				REQ_EXP_FLUSH_MASTER, REQ_ALL_FLUSH_MASTER);
	case 'R':
		return by_table(cli, i, argc, argv, REQ_CT_RESYNC_MASTER,
				REQ_EXP_RESYNC_MASTER, REQ_ALL_RESYNC_MASTER);
	case 'f':
		return flush_arg(cli, i, argc, argv, log);
	case 's':
		return stats_arg(cli, i, argc, argv, log);
	case 'B':
		cli->request = REQ_SEND_BULK;
		return i;
	case 't':
		cli->request = REQ_RESET_TIMERS;
		return i;
	case 'k':
		cli->request = REQ_KILL;
		return i;
	case 'n':
		cli->request = REQ_REQUEST_DUMP;
		return i;
	case 'C':
		if (i + 1 < argc) {
			set_config(cli, argv[i + 1], log);
			return i + 1;
		}
		/* The reference goes on with the default file. */
		usage(argv[0]);
		log_msg(log, LOG_ERR, "Missing config filename");
		return i;
	case 'x':
		if (to_xml(cli))
			return i;
		usage(argv[0]);
		log_msg(log, LOG_ERR, "Invalid parameters");
		return -1;
	case 'v':
		version();
		return -2;
	case 'h':
		usage(argv[0]);
		return -2;
	default:
		usage(argv[0]);
		log_msg(log, LOG_ERR, "Unknown option: %s", argv[i]);
		return -2;
	}
}

enum cli_outcome cli_parse(struct cli *cli, int argc, char **argv,
			   struct ctd_log *log)
{
	*cli = (struct cli){ .mode = CLI_NOT_SET, .request = -1 };
	for (int i = 1; i < argc; i++) {
		i = one_word(cli, i, argc, argv, log);
		if (i == -1)
			return CLI_EXIT_FAIL;
		if (i == -2)
			return CLI_EXIT_OK;
	}
	return CLI_RUN;
}
