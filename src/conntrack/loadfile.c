/*
 * loadfile.c - conntrack -R: commands read from a file, in two passes
 * (see loadfile.h). A file that cannot be read twice (a pipe) is copied
 * to an unlinked temporary file during the first pass.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "loadfile.h"
#include "nlbatch.h"
#include "words.h"
#include "report.h"

#define MAX_WORDS 255		/* the reference's argv limit */
#define MAX_LINE 10240		/* the reference's line buffer */

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

static bool runnable(enum cmd_kind k)
{
	return k == CMD_CREATE || k == CMD_ADD || k == CMD_UPDATE ||
	       k == CMD_DELETE || k == CMD_FLUSH;
}

struct load {
	struct exec_ctx *x;
	const char *name;		/* as messages show it */
	FILE *f;
	FILE *copy;			/* the first pass's copy of a pipe */
	unsigned long lineno;
	char line[MAX_LINE];
	char *arena;			/* the words of the line */
	size_t arena_len;
	char *argv[MAX_WORDS + 1];
	struct ct_cmd cmd;
	struct nlbatch batch;
	int status;
};

/* The next line into l->line; 0 at the end of the file. */
static int next_line(struct load *l, FILE *f)
{
	if (!fgets(l->line, sizeof(l->line), f))
		return 0;
	++l->lineno;
	/* The reference cut longer lines into several commands. */
	if (!strchr(l->line, '\n') && !feof(f)) {
		report_set_context(l->name, l->lineno);
		die(EXIT_PARAM, "line too long (at most %d bytes)", MAX_LINE - 2);
	}
	return 1;
}

/* Parse l->line into l->cmd. Returns 0 for a blank or comment line. */
static int parse_line(struct load *l)
{
	char *p = l->line;
	int argc;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\n' || *p == '#')
		return 0;
	report_set_context(l->name, l->lineno);
	if (strchr(p, '"'))
		argc = words_split(p, l->x->progname, l->argv, MAX_WORDS,
				   l->arena, l->arena_len);
	else
		argc = words_split_plain(p, l->x->progname, l->argv, MAX_WORDS);
	if (argc < 0)
		die(EXIT_PARAM, "%s", errno == E2BIG ? "Parameter too long!" :
		    "too many arguments");
	opts_parse(&l->cmd, &l->x->ps, argc, l->argv);
	return 1;
}

/* First pass: parse everything, find the first line -R cannot run. */
static void check_all(struct load *l)
{
	unsigned long bad_line = 0;
	enum cmd_kind bad = CMD_NONE;

	while (next_line(l, l->f)) {
		if (l->copy && fputs(l->line, l->copy) == EOF)
			die(EXIT_OTHER, "cannot copy %s: %s", l->name, strerror(errno));
		if (!parse_line(l))
			continue;
		if (!bad_line && !runnable(l->cmd.kind)) {
			bad_line = l->lineno;
			bad = l->cmd.kind;
		}
	}
	if (ferror(l->f))
		die(EXIT_OTHER, "cannot read %s: %s", l->name, strerror(errno));
	if (bad_line) {
		report_set_context(l->name, bad_line);
		die(EXIT_PARAM, "Cannot use command `%s' with --load-file",
		    unsupported_name(bad));
	}
}

/* The tag of the current -I/-A line's request: its line number, and
 * whether it is an -A (for which EEXIST is no error) in the low bit. */
static unsigned long create_tag(const struct load *l)
{
	return l->lineno << 1 | (l->cmd.kind == CMD_ADD);
}

/* A batched -I/-A line ended: report a refusal with its line number. */
static void create_done(void *data, unsigned long line, int err)
{
	struct load *l = data;
	enum cmd_kind kind = line & 1 ? CMD_ADD : CMD_CREATE;

	line >>= 1;
	if (err == 0 || (err == EEXIST && kind == CMD_ADD))
		return;
	report_set_context(l->name, line);
	report_error("Operation failed: %s", err_text(err, kind));
	l->status = EXIT_OTHER;
}

static void flush_batch(struct load *l)
{
	if (nlb_flush(&l->batch) < 0) {
		report_set_context(l->name, l->lineno);
		die(EXIT_OTHER, "the kernel's answers to lines up to here were "
		    "lost: %s", strerror(errno));
	}
}

static void run_line(struct load *l)
{
	struct ct_cmd *cmd = &l->cmd;

	if (cmd->kind == CMD_CREATE || cmd->kind == CMD_ADD) {
		void *room = nlb_room(&l->batch);

		if (!room)
			die(EXIT_OTHER, "Operation failed: %s", strerror(errno));
		if (create_request(cmd, room, 0, false) < 0) {
			create_done(l, create_tag(l), errno);
			return;
		}
		nlb_commit(&l->batch, room, create_tag(l));
		return;
	}
	/* Anything else sees the table as the lines before it left it. */
	flush_batch(l);
	report_set_context(l->name, l->lineno);
	l->x->counter = 0;
	exec_command(l->x, cmd);
}

/* The input again from its start: the file itself, or the copy. */
static FILE *second_pass_input(struct load *l, off_t start)
{
	if (l->copy) {
		if (fflush(l->copy) == EOF || fseeko(l->copy, 0, SEEK_SET) < 0)
			die(EXIT_OTHER, "cannot copy %s: %s", l->name, strerror(errno));
		return l->copy;
	}
	if (fseeko(l->f, start, SEEK_SET) < 0)
		die(EXIT_OTHER, "cannot read %s again: %s", l->name, strerror(errno));
	return l->f;
}

int loadfile_run(struct exec_ctx *x, const char *path)
{
	struct parse_state *ps = &x->ps;
	const struct proto_desc *proto0 = ps->proto;
	char *map0 = ps->labelmap_path ? strdup(ps->labelmap_path) : NULL;
	struct load *l = calloc(1, sizeof(*l));
	struct stat st;
	off_t start = -1;
	FILE *in;
	int status;

	if (!l || (ps->labelmap_path && !map0))
		die(EXIT_OTHER, "out of memory");
	l->arena_len = WORDS_ARENA(MAX_LINE, strlen(x->progname));
	l->arena = malloc(l->arena_len);
	if (!l->arena)
		die(EXIT_OTHER, "out of memory");
	l->x = x;
	l->name = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	l->f = fopen(l->name, "r");
	if (!l->f)
		die(EXIT_PARAM, "Failed to open file %s for reading", l->name);
	setvbuf(l->f, NULL, _IOFBF, 256 * 1024);
	if (fstat(fileno(l->f), &st) == 0 && S_ISREG(st.st_mode))
		start = ftello(l->f);
	if (start < 0 && !(l->copy = tmpfile()))
		die(EXIT_OTHER, "cannot copy %s: %s", l->name, strerror(errno));

	check_all(l);

	/* The second pass starts from the parse state the first one had,
	 * and does not repeat its warnings. */
	ps->proto = proto0;
	ps->quiet = true;
	if ((map0 == NULL) != (ps->labelmap_path == NULL) ||
	    (map0 && strcmp(map0, ps->labelmap_path))) {
		free(ps->labelmap_path);
		ps->labelmap_path = map0;
		map0 = NULL;
		if (ps->labels)
			nfct_labelmap_destroy(ps->labels);
		ps->labels = NULL;
	}
	free(map0);
	in = second_pass_input(l, start);
	if (nlb_init(&l->batch, &x->sock, true, create_done, l) < 0)
		die(EXIT_OTHER, "out of memory");
	l->lineno = 0;
	while (next_line(l, in))
		if (parse_line(l))
			run_line(l);
	flush_batch(l);
	ps->quiet = false;
	report_set_context(NULL, 0);
	nlb_free(&l->batch);
	fclose(l->f);
	if (l->copy)
		fclose(l->copy);
	x->counter = 0;
	status = l->status;
	free(l->arena);
	free(l);
	return status;
}
