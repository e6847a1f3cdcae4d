/*
 * report.h - how conntrack reports errors and results: the reference's
 * "conntrack vX (conntrack-tools): ..." lines and its exit codes.
 */
#ifndef REPORT_H
#define REPORT_H

#include "cmd.h"

struct obuf;

enum { EXIT_OK = 0, EXIT_OTHER = 1, EXIT_PARAM = 2 };

/* The buffer that holds stdout output; die() flushes it before exiting. */
void report_set_stdout(struct obuf *o);

/* Print "conntrack vX (conntrack-tools): " + message on stderr and exit
 * with status; a parameter problem adds the "Try ... --help" line. */
void die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* What die() prints, without exiting. */
void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* While -R works on a line, errors also say which: set file and line
 * (NULL to clear). die() then adds "conntrack: error at line N of FILE". */
void report_set_context(const char *file, unsigned long line);

/* The "conntrack vX (conntrack-tools): " prefix on stderr. */
void report_prefix(void);

/* The reference's wording for a kernel error in a given command. */
const char *err_text(int err, enum cmd_kind kind);

#endif
