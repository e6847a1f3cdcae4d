/*
 * loadfile.h - conntrack -R FILE: many commands from a file (or "-").
 */
#ifndef LOADFILE_H
#define LOADFILE_H

#include "exec.h"

/*
 * Two passes over path, so that the file is never held in memory: the
 * first parses every line (any bad line stops everything before the
 * table is touched) and checks that each is a command -R may run (-I,
 * -A, -U, -D, -F); the second parses the lines again and runs them in
 * order. Consecutive -I/-A lines go to the kernel in batches; each line
 * the kernel refuses is reported with its number and the load goes on.
 * Returns the exit status (1 if a line was refused); exits on other
 * errors, as the reference does.
 */
int loadfile_run(struct exec_ctx *x, const char *path);

#endif
