/*
 * report.c - error and result reporting; see report.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "obuf.h"
#include "report.h"

/* Only so that die() can flush what a command printed before failing. */
static struct obuf *stdout_buf;
/* Where the command being handled came from (-R), for messages. */
static const char *context_file;
static unsigned long context_line;

void report_set_context(const char *file, unsigned long line)
{
	context_file = file;
	context_line = line;
}

void report_set_stdout(struct obuf *o)
{
	stdout_buf = o;
}

void report_prefix(void)
{
	fprintf(stderr, "%s v%s (conntrack-tools): ", CT_PROGNAME, CT_VERSION);
}

static void vreport(const char *fmt, va_list ap)
{
	if (stdout_buf)
		ob_flush(stdout_buf);
	fflush(stdout);
	report_prefix();
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	if (context_file)
		fprintf(stderr, "%s: error at line %lu of %s\n", CT_PROGNAME,
			context_line, context_file);
}

void report_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	if (status == EXIT_PARAM)
		fprintf(stderr, "Try `%s -h' or '%s --help' for more information.\n",
			CT_PROGNAME, CT_PROGNAME);
	exit(status);
}

#define K(k) (1u << (k))
/* Commands 0..15 in the reference's numbering: every "ct" and "expect"
 * command up to -C. */
#define K_MOST 0xFFFFu
#define ENOTSUPP_KERNEL 524

const char *err_text(int err, enum cmd_kind kind)
{
	static const struct {
		unsigned int cmds;
		int err;
		const char *text;
	} table[] = {
		{ K(CMD_LIST), ENOTSUPP_KERNEL, "function not implemented" },
		{ K_MOST, EINVAL, "invalid parameters" },
		{ K(CMD_CREATE), EEXIST, "Such conntrack exists, try -U to update" },
		{ K(CMD_CREATE) | K(CMD_GET) | K(CMD_DELETE) | K(CMD_ADD), ENOENT,
		  "such conntrack doesn't exist" },
		{ K(CMD_CREATE) | K(CMD_GET) | K(CMD_ADD), ENOMEM, "not enough memory" },
		{ K(CMD_GET), EAFNOSUPPORT, "protocol not supported" },
		{ K(CMD_CREATE) | K(CMD_ADD), ETIME, "conntrack has expired" },
		{ K(CMD_EXP_CREATE), ENOENT, "master conntrack not found" },
		{ K(CMD_EXP_CREATE), EINVAL, "invalid parameters" },
		{ ~0u, EPERM, "sorry, you must be root or get CAP_NET_ADMIN "
		  "capability to do this" },
	};
	unsigned int bit = kind < 32 ? K(kind) : 0;

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if ((table[i].cmds & bit) && table[i].err == err)
			return table[i].text;
	return strerror(err);
}
