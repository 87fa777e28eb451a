# core.test.sh: start-up, command line, console and exit status, in both
# modes.
for m in native solo5; do
    hvt="$G/hello.hvt" banner="native mode"
    [ $m = solo5 ] && hvt="$G/hello.solo5.hvt" banner="Solo5 mode"
    expect "hello $m: command line reaches the guest" 0 \
        --out '^SUCCESS$' --out "^Solo5: .*$banner" \
        -- "$PV" "$hvt" Hello_Solo5
    expect "hello $m: wrong command line gives exit status 1" 1 \
        --out 'FAILURE' -- "$PV" "$hvt" Goodbye
    expect "hello $m: --solo5:quiet silences the runtime" 0 \
        --out '^SUCCESS$' --not '^Solo5:' \
        -- "$PV" "$hvt" --solo5:quiet Hello_Solo5
done
