# SPDX-License-Identifier: ISC
# gpiosim.sh: sourced by the gpio-sim benchmarks (bench/native/run.sh,
# bench/scale/run.sh). gpiosim_up makes their chip, 32 lines labelled
# pinvisor-bench (gpiosim_chip of tests/gpiosim.sh, which the tests use
# too), sets SIM_CHIP (its /dev/gpiochipN) and SIM_SYS (its sysfs
# folder: sim_gpioN/pull) and removes the chip when the script exits.
# Needs root and the gpio-sim module (the test VM has both).
. tests/gpiosim.sh

gpiosim_up() {
    gpiosim_chip bench pinvisor-bench 32 || {
        echo "bench: cannot make a gpio-sim chip (needs root and gpio-sim)" >&2
        return 1
    }
    SIM_CHIP=/dev/$GPIOSIM_CHIP SIM_SYS=$GPIOSIM_SYS
    trap 'gpiosim_remove bench' EXIT
}
