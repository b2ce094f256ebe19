#!/bin/sh
# help_test.sh PROGRAM...: every installed program answers --help with its
# usage on stdout and exit status 0.
fail=0
for p in "$@"; do
	out=$("$p" --help 2>/dev/null)
	rc=$?
	name=$(basename "$p")
	if [ $rc -ne 0 ]; then
		echo "FAIL $name --help: expected exit 0, got $rc"
		fail=1
	elif ! printf '%s\n' "$out" | grep -q "^usage: $name"; then
		echo "FAIL $name --help: expected \"usage: $name\" on stdout, got:"
		printf '%s\n' "$out" | head -3
		fail=1
	else
		echo "ok   $name --help"
	fi
done
exit $fail
