# SPDX-License-Identifier: ISC
# gpiosim.sh: gpio-sim chips through configfs, as root; sourced by the
# integration tests (tests/integration/lib.sh) and the gpio-sim
# benchmarks (bench/native/run.sh, bench/scale/run.sh).

# gpiosim_chip ID LABEL LINES [OFFSET=NAME...]: makes a live gpio-sim
# chip of LINES lines labelled LABEL (line names optional). Sets
# GPIOSIM_CHIP (gpiochipN) and GPIOSIM_SYS (its sysfs folder:
# sim_gpioN/value and pull) and remembers the chip as ID for
# gpiosim_remove. False if it cannot (not root, no gpio-sim).
# A chip half made when a step fails is removed.
GPIOSIM=/sys/kernel/config/gpio-sim
gpiosim_chip() {
    [ "$(id -u)" = 0 ] && [ -d "$GPIOSIM" ] || return 1
    gs_make "$@" || {
        gpiosim_remove "$1"
        return 1
    }
}

gs_make() {
    gs_dir="$GPIOSIM/$1$$" gs_label=$2 gs_lines=$3
    shift 3
    mkdir "$gs_dir" "$gs_dir/bank0" || return 1
    echo "$gs_lines" >"$gs_dir/bank0/num_lines" &&
        echo "$gs_label" >"$gs_dir/bank0/label" || return 1
    for gs_l; do
        mkdir "$gs_dir/bank0/line${gs_l%%=*}" &&
            echo "${gs_l#*=}" >"$gs_dir/bank0/line${gs_l%%=*}/name" ||
            return 1
    done
    echo 1 >"$gs_dir/live" || return 1
    GPIOSIM_CHIP=$(cat "$gs_dir/bank0/chip_name")
    GPIOSIM_SYS="/sys/devices/platform/$(cat "$gs_dir/dev_name")/$GPIOSIM_CHIP"
    [ -r "$GPIOSIM_SYS/sim_gpio0/value" ]
}

# gpiosim_live ID 0|1: takes chip ID away from the kernel (0, as if
# unplugged) or brings it back (1), its configuration kept.
gpiosim_live() { echo "$2" >"$GPIOSIM/$1$$/live"; }

# gpiosim_remove ID: takes the chip ID of gpiosim_chip away; true once
# it is gone (also if it was never made), so it can end a set -e script.
gpiosim_remove() {
    gs_dir="$GPIOSIM/$1$$"
    echo 0 >"$gs_dir/live" 2>/dev/null || :
    rmdir "$gs_dir"/bank0/line* "$gs_dir/bank0" "$gs_dir" 2>/dev/null || :
    [ ! -d "$gs_dir" ]
}
