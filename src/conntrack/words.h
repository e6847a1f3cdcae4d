/*
 * words.h - the -R line tokenizer.
 */
#ifndef WORDS_H
#define WORDS_H

/*
 * Split one line into words as the reference does: blanks separate words,
 * "..." quotes (with \ escaping inside quotes); a closing quote ends the
 * word. argv[0] is progname; at most max words. Returns the word count,
 * or -1 (EOVERFLOW: too many words, E2BIG: a word over 1023 bytes).
 * The words are allocated; free them with words_free().
 */
int words_split(const char *line, const char *progname, char **argv, int max);
void words_free(char **argv, int argc);

#endif
