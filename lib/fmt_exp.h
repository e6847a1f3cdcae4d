/*
 * fmt_exp.h - output formats for expectations.
 */
#ifndef FMT_EXP_H
#define FMT_EXP_H

#include "exp.h"
#include "fmt.h"

/* One expectation in the default one-line format, without newline. */
void fmt_exp_default(struct obuf *o, const struct ct_expect *e, enum fmt_msg msg);
/* One expectation as an XML <flow>; when: add the local time (<when>). */
void fmt_exp_xml(struct obuf *o, const struct ct_expect *e, enum fmt_msg msg,
		 bool when);

/* One expectation as a JSON object on one line (docs/json.md: the
 * "expect" objects of schema version FMT_JSON_VERSION); time_now: add
 * "time", when the line was printed. */
void fmt_exp_json(struct obuf *o, const struct ct_expect *e, enum fmt_msg msg,
		  bool time_now);

#endif
