/*
 * check.c - command/option legality, as conntrack(8) and the reference
 * tool define it (the table's values are conntrack-tools 1.4.7's).
 */
#include <string.h>

#include "check.h"
#include "report.h"

/* Columns: s d r q p t u z e [ ] { } a m i f n g o c b j w l < > ( ) */
static const char *const main_rows[CMD_MAX + 1] = {
	[CMD_LIST]	 = "22222022000220202222202220022",
	[CMD_CREATE]	 = "33331120000002200220000202022",
	[CMD_UPDATE]	 = "222222200002202222220000222",
	[CMD_DELETE]	 = "22222220000220222222000220022",
	[CMD_GET]	 = "3333100000000002000200002",
	[CMD_FLUSH]	 = "00000000000000002",
	[CMD_EVENT]	 = "22222000200220202222222220022",
	[CMD_HELP]	 = "00002",
	[CMD_EXP_LIST]	 = "00000000000000002002",
	[CMD_EXP_CREATE] = "1122112001111",
	[CMD_EXP_DELETE] = "11221",
	[CMD_EXP_GET]	 = "11221",
	[CMD_EXP_EVENT]	 = "00000000000000000002",
	[CMD_ADD]	 = "33331120000002200220000202022",
};

const char *const check_main_names[OPT_MAX] = {
	"src", "dst", "reply-src", "reply-dst", "protonum", "timeout",
	"status", "zero", "event-mask", "tuple-src", "tuple-dst", "mask-src",
	"mask-dst", "nat-range", "mark", "id", "family", "src-nat", "dst-nat",
	"output", "secmark", "buffer-size", "any-nat", "zone", "label",
	"label-add", "label-del", "orig-zone", "reply-zone",
};

const struct opt_pairs check_main_pairs = {
	{ OPTS_ORIG, OPTS_REPL },
	{ "you have to specify `--src' and `--dst'",
	  "you have to specify `--reply-src' and `--reply-dst'" },
};

const char *check_main_row(enum cmd_kind kind)
{
	return main_rows[kind] ? main_rows[kind] : "";
}

void check_options(unsigned int given, unsigned int ncols, const char *row,
		   const char *const *names, const struct opt_pairs *pairs)
{
	size_t rowlen = strlen(row);
	bool coupled = false;
	int partial = -1;

	for (unsigned int i = 0; i < ncols; i++) {
		char legal = i < rowlen ? row[i] : '0';

		if (!(given & (1u << i)) && legal == '1')
			die(EXIT_PARAM, "You need to supply the `--%s' option "
			    "for this command", names[i]);
		if ((given & (1u << i)) && legal == '0')
			die(EXIT_PARAM, "Illegal option `--%s' with this command",
			    names[i]);
		if (legal == '3')
			coupled = true;
	}
	if (!coupled || !pairs)
		return;
	for (int i = 0; i < 2; i++) {
		if ((given & pairs->pair[i]) == pairs->pair[i])
			return;
		if ((given & pairs->pair[i]) && partial < 0)
			partial = i;
	}
	die(EXIT_PARAM, "%s", pairs->missing[partial == 1 ? 1 : 0]);
}
