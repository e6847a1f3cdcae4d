/*
 * main.c - conntrack: command line interface to the kernel's connection
 * tracking table, a drop-in for conntrack-tools 1.4.x.
 */
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "loadfile.h"
#include "opts.h"
#include "report.h"

int main(int argc, char **argv)
{
	struct exec_ctx x;
	struct ct_cmd cmd;
	int status = EXIT_OK;

	exec_init(&x, argv[0]);
	if (argc > 2 && (!strcmp(argv[1], "-R") || !strcmp(argv[1], "--load-file"))) {
		status = loadfile_run(&x, argv[2]);
	} else {
		opts_parse(&cmd, &x.ps, argc, argv);
		exec_command(&x, &cmd);
		ob_flush(&x.out);
		status = exec_summary(&x, &cmd);
	}
	exec_done(&x);
	/* Output that could not be written (disk full, closed pipe...) must
	 * not look like success; 1.4.7 exits 0 here. */
	if (x.out.err) {
		fprintf(stderr, "%s: error writing the output: %s\n", "conntrack",
			strerror(x.out.err));
		return EXIT_OTHER;
	}
	return status;
}
