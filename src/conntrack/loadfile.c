/*
 * loadfile.c - conntrack -R: commands read from a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadfile.h"
#include "words.h"
#include "report.h"

#define MAX_WORDS 255		/* the reference's argv limit */
#define MAX_LINE 10240		/* longer lines are read in pieces */

/* What the reference calls a command -R cannot run. */
static const char *unsupported_name(enum cmd_kind k)
{
	switch (k) {
	case CMD_LIST: return "-L";
	case CMD_GET: return "-G";
	case CMD_EVENT: return "-E";
	case CMD_VERSION: return "-V";
	case CMD_HELP: return "-h";
	case CMD_EXP_LIST: return "-L expect";
	case CMD_EXP_CREATE: return "-C expect";
	case CMD_EXP_DELETE: return "-D expect";
	case CMD_EXP_GET: return "-G expect";
	case CMD_EXP_FLUSH: return "-F expect";
	case CMD_EXP_EVENT: return "-E expect";
	case CMD_COUNT: return "-C";
	case CMD_EXP_COUNT: return "-C expect";
	case CMD_STATS: return "-S";
	case CMD_EXP_STATS: return "-S expect";
	default: return "unknown";
	}
}

struct loaded {
	struct ct_cmd cmd;
	unsigned long line;
};

struct cmd_list {
	struct loaded *v;
	size_t n, cap;
};

static struct loaded *list_add(struct cmd_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct loaded *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			die(EXIT_OTHER, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	return &l->v[l->n++];
}

static void parse_line(struct exec_ctx *x, struct cmd_list *l, char *line,
		       const char *where, unsigned long lineno)
{
	char *argv[MAX_WORDS + 1];
	int argc;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '\n' || *line == '#')
		return;
	struct loaded *ld;

	report_set_context(where, lineno);
	argc = words_split(line, x->progname, argv, MAX_WORDS);
	if (argc < 0)
		die(EXIT_PARAM, "%s", errno == E2BIG ? "Parameter too long!" :
		    errno == EOVERFLOW ? "too many arguments" : "out of memory");
	ld = list_add(l);
	ld->line = lineno;
	opts_parse(&ld->cmd, &x->ps, argc, argv);
	report_set_context(NULL, 0);
	words_free(argv, argc);
}

void loadfile_run(struct exec_ctx *x, const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	struct cmd_list l = { 0 };
	char line[MAX_LINE];
	unsigned long lineno = 0;
	FILE *f = fopen(name, "r");

	if (!f)
		die(EXIT_PARAM, "Failed to open file %s for reading", name);
	while (fgets(line, sizeof(line), f)) {
		++lineno;
		/* The reference cut longer lines into several commands. */
		if (!strchr(line, '\n') && !feof(f)) {
			report_set_context(name, lineno);
			die(EXIT_PARAM, "line too long (at most %d bytes)", MAX_LINE - 2);
		}
		parse_line(x, &l, line, name, lineno);
	}
	fclose(f);
	for (size_t i = 0; i < l.n; i++) {
		enum cmd_kind k = l.v[i].cmd.kind;

		report_set_context(name, l.v[i].line);
		if (k != CMD_CREATE && k != CMD_ADD && k != CMD_UPDATE &&
		    k != CMD_DELETE && k != CMD_FLUSH)
			die(EXIT_PARAM, "Cannot use command `%s' with --load-file",
			    unsupported_name(k));
	}
	for (size_t i = 0; i < l.n; i++) {
		report_set_context(name, l.v[i].line);
		x->counter = 0;
		exec_command(x, &l.v[i].cmd);
	}
	report_set_context(NULL, 0);
	free(l.v);
}
