/*
 * loadfile.h - conntrack -R FILE: many commands from a file (or "-").
 */
#ifndef LOADFILE_H
#define LOADFILE_H

#include "exec.h"

/*
 * Parse every line of path into a command first (any bad line stops
 * everything before the table is touched), check that each is one -R
 * may run (-I, -A, -U, -D, -F), then run them in order. Exits on errors.
 */
void loadfile_run(struct exec_ctx *x, const char *path);

#endif
