# SPDX-License-Identifier: ISC
# gpiosim.sh: sourced by the gpio-sim benchmarks (bench/native/run.sh,
# bench/scale/run.sh). gpiosim_up makes one gpio-sim chip with 32 lines,
# label pinvisor-bench, through configfs and sets SIM_CHIP (its
# /dev/gpiochipN) and SIM_SYS (its sysfs directory: sim_gpioN/pull);
# gpiosim_down removes it. Needs root and the gpio-sim module (the test
# VM has both).
SIM_CFG=/sys/kernel/config/gpio-sim/pinvisor-bench$$

gpiosim_up() {
    [ -d /sys/kernel/config/gpio-sim ] || {
        echo "bench: no gpio-sim here (/sys/kernel/config/gpio-sim)" >&2
        return 1
    }
    mkdir "$SIM_CFG" "$SIM_CFG/bank0" &&
        echo 32 >"$SIM_CFG/bank0/num_lines" &&
        echo pinvisor-bench >"$SIM_CFG/bank0/label" &&
        echo 1 >"$SIM_CFG/live" || return 1
    chip=$(cat "$SIM_CFG/bank0/chip_name")
    SIM_CHIP=/dev/$chip
    SIM_SYS=/sys/devices/platform/$(cat "$SIM_CFG/dev_name")/$chip
    trap gpiosim_down EXIT
}

gpiosim_down() {
    [ -d "$SIM_CFG" ] || return 0
    echo 0 >"$SIM_CFG/live"
    rmdir "$SIM_CFG/bank0" "$SIM_CFG"
}
