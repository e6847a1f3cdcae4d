#!/bin/sh
# Our conntrackd under valgrind memcheck, for the system tests
# (CTD_OURS=this): any memory error or definite leak makes the process
# exit 99, which fails the test that ran it.
top=$(cd "$(dirname "$0")/.." && pwd)
# Found through PATH so that argv[0] is "conntrackd", as in the usage text.
PATH="$top/build/src/conntrackd:$PATH" exec valgrind --quiet \
	--error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite conntrackd "$@"
