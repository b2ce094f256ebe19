#!/bin/sh
# tool_test.sh TOOL IMAGES VIDEO - exit statuses and output of
# `id06-mrz read` and `id06-mrz watch --video`.
tool=$1
dir=$2
video=$3
fail=0
doc=$(awk -F'\t' '$4 != "-" {print $1; exit}' "$dir/truth.tsv")
neg=$(awk -F'\t' '$4 == "-" {print $1; exit}' "$dir/truth.tsv")
expect() { # status description command...
	want=$1; what=$2; shift 2
	out=$("$@" 2>/tmp/tool_test.$$); got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL $what: expected exit $want, got $got"; cat /tmp/tool_test.$$; fail=1
	else
		echo "ok   $what (exit $got)"
	fi
	rm -f /tmp/tool_test.$$
}
expect 0 "one document" "$tool" read --json "$dir/$doc"
out=$("$tool" read --json "$dir/$doc" 2>/dev/null)
for key in '"file":' '"found":true' '"sure":true' '"lines":[' '"quad":[[' '"confidence":' '"corrections":[' '"time_ms":' '"document_number":'; do
	case $out in *"$key"*) ;; *) echo "FAIL --json output lacks $key: $out"; fail=1;; esac
done
expect 1 "a picture without MRZ" "$tool" read --json "$dir/$neg"
expect 1 "document then no MRZ" "$tool" read "$dir/$doc" "$dir/$neg"
lines=$("$tool" read --json "$dir/$doc" "$dir/$neg" 2>/dev/null | wc -l)
[ "$lines" = 2 ] || { echo "FAIL --json: expected 2 lines, got $lines"; fail=1; }
expect 2 "a truncated file" "$tool" read "$dir"/bad/truncated-*
expect 2 "a missing file" "$tool" read "$dir/no-such-file.jpg"
expect 2 "no argument" "$tool" read
expect 2 "unknown option" "$tool" read --bogus x.jpg
expect 2 "a bad model path" "$tool" read --model /nonexistent/mrz.traineddata "$dir/$doc"
# watch: the clip's document, agreed over frames, exactly as printed.
out=$("$tool" watch --video "$video" --json 2>/dev/null); st=$?
want=$(tr '\n' ' ' < "$video.truth" | awk '{printf "\"mrz\":[\"%s\",\"%s\"]", $1, $2}')
case $out in
*"$want"*) echo "ok   watch --video: agreed on the clip's MRZ (exit $st)";;
*) echo "FAIL watch --video: expected $want, got exit $st: $out"; fail=1;;
esac
[ "$st" = 0 ] || { echo "FAIL watch --video: expected exit 0, got $st"; fail=1; }
expect 2 "watch on a missing video" "$tool" watch --video "$dir/no-such-video.avi"
exit $fail
