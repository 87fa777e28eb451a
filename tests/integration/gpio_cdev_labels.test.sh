# SPDX-License-Identifier: ISC
# gpio_cdev_labels.test.sh: a grant by chip label and line name finds the
# same line when the chips' numbers change. Two gpio-sim chips, each with
# a line named pv-key (chip A: offset 2, pulled down; chip B: offset 5,
# pulled up), are made in one order, then in the other, so that
# /dev/gpiochipN of each swaps; each time the guest reads the line granted
# as B's label and pv-key (1: chip B's), and -v says which chip and offset
# it resolved to (docs/gpio.md). Kind gpiosim (lib.sh).
CASE_KIND=gpiosim

# ID LABEL OFFSET PULL: a live gpio-sim chip (lib.sh) of 8 lines labelled
# LABEL, line OFFSET named pv-key and pulled PULL (up or down).
lbl_chip() {
    gpiosim_chip "$1" "$2" 8 "$3=pv-key" &&
        echo "pull-$4" >"$GPIOSIM_SYS/sim_gpio$3/pull"
}

# FIRST SECOND: makes chips "a" and "b" in that order and runs the guest
# on B's label and pv-key; appends B's chip name to $TMPD/lbl.chips.
lbl_run() {
    for c in "$1" "$2"; do
        if [ "$c" = a ]; then
            lbl_chip pvlbla "pvlbla$$" 2 down || return 1
        else
            lbl_chip pvlblb "pvlblb$$" 5 up || return 1
            bchip=$GPIOSIM_CHIP
        fi
    done
    echo "$bchip" >>"$TMPD/lbl.chips"
    timeout -k 5 "$TIMEOUT" "$PV" -v "--gpio:g=pvlblb$$:pv-key:in" \
        "$G/gpio_script.hvt" cfg:0x1:in in:0x1 >"$TMPD/lbl.out" 2>&1
    st=$?
    cp "$TMPD/lbl.out" "$LAST_OUT"
    gpiosim_remove pvlbla
    gpiosim_remove pvlblb
    [ "$st" = 0 ] || { echo "tender exit status $st, expected 0"; return 1; }
    grep -qx "pinvisor: gpio device 'g': chip /dev/$bchip (label pvlblb$$), lines pv-key at 5" \
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
elif [ "$(id -u)" != 0 ] || [ ! -d "$GPIOSIM" ]; then
    case_fail "cdev labels: gpio-sim" "needs root and gpio-sim's configfs ($GPIOSIM)"
else
    : >"$TMPD/lbl.chips"
    check "cdev labels: label and line name, chip A made first" lbl_run a b
    check "cdev labels: label and line name, chip B made first" lbl_run b a
    check "cdev labels: chip B's number changed between the two runs" \
        lbl_swapped
fi
