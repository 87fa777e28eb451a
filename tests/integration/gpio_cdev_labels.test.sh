# SPDX-License-Identifier: ISC
# gpio_cdev_labels.test.sh: a grant by chip label and line name finds the
# same line when the chips' numbers change. Two gpio-sim chips, each with
# a line named pv-key (chip A: offset 2, pulled down; chip B: offset 5,
# pulled up), are made in one order, then in the other, so that
# /dev/gpiochipN of each swaps; each time the guest reads the line granted
# as B's label and pv-key (1: chip B's), and -v says which chip and offset
# it resolved to (docs/gpio.md). Kind gpiosim (lib.sh).
CASE_KIND=gpiosim
LS=/sys/kernel/config/gpio-sim

# DIR LABEL OFFSET PULL: a live gpio-sim chip of 8 lines labelled LABEL,
# line OFFSET named pv-key and pulled PULL (up or down).
lbl_chip() {
    mkdir "$LS/$1" "$LS/$1/bank0" "$LS/$1/bank0/line$3" &&
        echo 8 >"$LS/$1/bank0/num_lines" &&
        echo "$2" >"$LS/$1/bank0/label" &&
        echo pv-key >"$LS/$1/bank0/line$3/name" &&
        echo 1 >"$LS/$1/live" || return 1
    echo "pull-$4" >"/sys/devices/platform/$(cat "$LS/$1/dev_name")/$(cat "$LS/$1/bank0/chip_name")/sim_gpio$3/pull"
}

lbl_drop() {
    [ -d "$LS/$1" ] || return 0
    echo 0 >"$LS/$1/live"
    rmdir "$LS/$1"/bank0/line* "$LS/$1/bank0" "$LS/$1"
}

# FIRST SECOND: makes chips "a" and "b" in that order and runs the guest
# on B's label and pv-key; prints B's chip name to $TMPD/lbl.chip.
lbl_run() {
    A=pvlbla$$ Bl=pvlblb$$
    for c in "$1" "$2"; do
        if [ "$c" = a ]; then
            lbl_chip "$A" "$A" 2 down || return 1
        else
            lbl_chip "$Bl" "$Bl" 5 up || return 1
        fi
    done
    bchip=$(cat "$LS/$Bl/bank0/chip_name")
    echo "$bchip" >>"$TMPD/lbl.chips"
    timeout -k 5 "$TIMEOUT" "$PV" -v "--gpio:g=$Bl:pv-key:in" \
        "$G/gpio_script.hvt" cfg:0x1:in in:0x1 >"$TMPD/lbl.out" 2>&1
    st=$?
    cp "$TMPD/lbl.out" "$LAST_OUT"
    lbl_drop "$A"
    lbl_drop "$Bl"
    [ "$st" = 0 ] || { echo "tender exit status $st, expected 0"; return 1; }
    grep -qx "pinvisor: gpio device 'g': chip /dev/$bchip (label $Bl), lines pv-key at 5" \
        "$TMPD/lbl.out" || { echo "no -v line naming /dev/$bchip offset 5"; return 1; }
    grep -qx 'in 0x1 = 0x1' "$TMPD/lbl.out" ||
        { echo "the line read 0: not chip B's pulled-up pv-key"; return 1; }
}

lbl_swapped() {
    set -- $(cat "$TMPD/lbl.chips")
    [ "$#" = 2 ] && [ "$1" != "$2" ] ||
        { echo "chip B was $* in the two runs: the numbers did not change"; return 1; }
}

if ! phase_has gpiosim; then
    : # another run (the test VM) has these cases
elif [ "$(id -u)" != 0 ] || [ ! -d "$LS" ]; then
    case_fail "cdev labels: gpio-sim" "needs root and gpio-sim's configfs ($LS)"
else
    : >"$TMPD/lbl.chips"
    check "cdev labels: label and line name, chip A made first" lbl_run a b
    check "cdev labels: label and line name, chip B made first" lbl_run b a
    check "cdev labels: chip B's number changed between the two runs" \
        lbl_swapped
fi
