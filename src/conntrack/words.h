/*
 * words.h - the -R line tokenizer.
 */
#ifndef WORDS_H
#define WORDS_H

#include <stddef.h>

/* Room that words_split() needs in its arena for a line and a progname:
 * each word takes at most its characters in the line plus a NUL. */
#define WORDS_ARENA(line_len, prog_len) ((line_len) + (prog_len) + 2)

/*
 * Split one line into words as the reference does: blanks separate words,
 * "..." quotes (with \ escaping inside quotes); a closing quote ends the
 * word. argv[0] is progname; at most max - 1 words, argv[argc] = NULL.
 * The words are written into arena (arena_len bytes, see WORDS_ARENA);
 * nothing is allocated. Returns the word count, or -1 (EOVERFLOW: too
 * many words, E2BIG: a word over 1023 bytes or an arena too small).
 */
int words_split(const char *line, const char *progname, char **argv, int max,
		char *arena, size_t arena_len);

/*
 * The same for a line without any '"' (the common case), faster: the
 * words are cut in place (line is modified) and argv[0] is progname
 * itself. Same results and errors as words_split() for such a line.
 */
int words_split_plain(char *line, const char *progname, char **argv, int max);

#endif
