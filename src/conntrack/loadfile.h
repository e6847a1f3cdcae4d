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

/*
 * Split one line into words as the reference does: blanks separate words,
 * "..." quotes (with \ escaping inside quotes); a closing quote ends the
 * word. argv[0] is progname; at most max words. Returns the word count,
 * or -1 (EOVERFLOW: too many words, E2BIG: a word over 1023 bytes).
 * The words are allocated; free them with loadfile_free_words().
 */
int loadfile_split(const char *line, const char *progname, char **argv, int max);
void loadfile_free_words(char **argv, int argc);

#endif
