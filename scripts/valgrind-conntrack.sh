#!/usr/bin/env bash
# Our conntrack under valgrind memcheck, for the system tests (CT_OURS):
# any memory error or leak exits 99 and prints on stderr, which fails the
# test that ran it; otherwise output and exit status are the program's.
top=$(cd "$(dirname "$0")/.." && pwd)
# Found through PATH so that argv[0] is "conntrack", as in the usage text.
PATH="$top/build/src/conntrack:$PATH" exec valgrind --quiet \
	--error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect conntrack "$@"
