#!/bin/sh
# SPDX-License-Identifier: ISC
# plots.sh: draws the figures the other benchmarks wrote under $B/bench/
# as SVG files in docs/plots/ (make bench, or bench/plots.sh after them),
# with gnuplot (Debian's gnuplot-nox, scripts/deps.sh bench):
#
#   native.svg    native process, gpioset/gpioget, hypercalls and the
#                 request ring on gpio-sim (native.dat, bench/native/)
#   scale.svg     1 to 32 instances at once (scale.dat, bench/scale/)
#   table1.svg    the thesis's Table 1 beside pinvisor's, C and OCaml
#                 (table1.json, bench/table1/)
#   demo-led.svg  the demo's LED waveform (make demo's blink, traced
#                 here, drawn by scripts/vcd-svg.sh)
#
# Each plot's title names the machine, kind of virtualization and date of
# the run that measured it (the "# where:" line of its data file). A plot
# whose data is missing is left as it is, and said so.
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
out=${PLOTS:-docs/plots}
mkdir -p "$out"
command -v gnuplot >/dev/null || {
    echo "plots: no gnuplot here (scripts/deps.sh bench installs it)" >&2
    exit 1
}
where() { sed -n 's/^# where: //p' "$1" | head -n 1; }
svg="set terminal svg size 1000,480 dynamic noenhanced font 'sans,11' background '#ffffff'"

if [ -f "$B/bench/native.dat" ]; then
    w=$(where "$B/bench/native.dat")
    awk '$1 == "toggles_per_op" { l = "one call each" }
         $1 == "toggles_sequence" { l = "4096-step schedule" }
         l { print "\"" l "\"", $2, $3, $4, $5; l = "" }' \
        "$B/bench/native.dat" >"$B/bench/plot-native-rate.dat"
    awk '$1 == "output_call_p50" { l = "output" }
         $1 == "input_call_p50" { l = "input" }
         $1 == "event_latency_p50" { l = "edge event" }
         l { print "\"" l "\"", $2, $3, $4, $5; l = "" }' \
        "$B/bench/native.dat" >"$B/bench/plot-native-lat.dat"
    gnuplot <<EOF
$svg
set output '$out/native.svg'
set datafile missing '-'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set grid ytics
set key below horizontal maxrows 1
set multiplot layout 1,2 title "GPIO on gpio-sim: native process vs pinvisor, medians\\n$w"
set title 'toggles per second (more is better)'
plot '$B/bench/plot-native-rate.dat' using 2:xtic(1) title 'native', \
     '' using 3 title 'gpioset', '' using 4 title 'pinvisor, hypercalls', \
     '' using 5 title 'pinvisor, ring'
set title 'p50 microseconds: output cost, input round trip, edge age (less is better)'
plot '$B/bench/plot-native-lat.dat' using 2:xtic(1) title 'native', \
     '' using 3 title 'gpioset / gpioget', '' using 4 title 'pinvisor, hypercalls', \
     '' using 5 title 'pinvisor, ring'
unset multiplot
EOF
    echo "plots: $out/native.svg"
else
    echo "plots: no $B/bench/native.dat (bench/native/run.sh): native.svg left as it is"
fi

if [ -f "$B/bench/scale.dat" ]; then
    w=$(where "$B/bench/scale.dat")
    grep '^pinvisor ' "$B/bench/scale.dat" | sort -k2,2n >"$B/bench/plot-scale-pv.dat"
    grep '^native ' "$B/bench/scale.dat" | sort -k2,2n >"$B/bench/plot-scale-na.dat"
    gnuplot <<EOF
$svg
set terminal svg size 1000,640 dynamic noenhanced font 'sans,11' background '#ffffff'
set output '$out/scale.svg'
set logscale x 2
set xtics (1, 2, 4, 8, 16, 32)
set xlabel 'instances at once'
set grid
set key top left
set style data linespoints
pv = '$B/bench/plot-scale-pv.dat'
na = '$B/bench/plot-scale-na.dat'
set multiplot layout 2,3 title "N instances at once, each toggling its own gpio-sim line\\n$w"
set title 'toggles/s per instance (median)'
set logscale y
plot pv using 2:5 title 'pinvisor, ring', na using 2:5 title 'native'
set title 'toggles/s, all instances'
plot pv using 2:6 title 'pinvisor, ring', na using 2:6 title 'native'
unset logscale y
set yrange [0:*]
set title 'start time, ms (median, slowest)'
plot pv using 2:3 title 'pinvisor', pv using 2:4 title 'pinvisor, slowest' dt 2, \
     na using 2:3 title 'native', na using 2:4 title 'native, slowest' dt 2
set title 'CPU time per instance, ms (median)'
plot pv using 2:7 title 'pinvisor', na using 2:7 title 'native'
set title 'peak RSS per instance, KiB (median)'
plot pv using 2:8 title 'pinvisor', na using 2:8 title 'native'
unset multiplot
EOF
    echo "plots: $out/scale.svg"
else
    echo "plots: no $B/bench/scale.dat (bench/scale/run.sh): scale.svg left as it is"
fi

if [ -f "$B/bench/table1.json" ]; then
    w=$(where "$B/bench/table1.where" 2>/dev/null || true)
    # The thesis's figures (docs/evaluation.md): C 10.27 ms, C + OCaml
    # 24.21 ms CPU on a Raspberry Pi 4.
    awk -F'[:,]' '{
        for (i = 1; i < NF; i++) { gsub(/[{}"]/, "", $i); v[$i] = $(i + 1) }
        gsub(/"/, "", v["name"]); cpu[v["name"]] = v["cpu_ms"]
    } END {
        print "\"thesis, Raspberry Pi 4\"", 10.27, 24.21
        print "\"native mode, ring\"", cpu["blink-c-native-ring"], cpu["blink-ocaml-native-ring"]
        print "\"native mode, hypercalls\"", cpu["blink-c-native-hypercalls"], cpu["blink-ocaml-native-hypercalls"]
        print "\"Solo5 mode\"", cpu["blink-c-solo5-mode"], cpu["blink-ocaml-solo5-mode"]
    }' "$B/bench/table1.json" >"$B/bench/plot-table1.dat"
    gnuplot <<EOF
$svg
set output '$out/table1.svg'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set grid ytics
set yrange [1:*]
set ylabel 'CPU time of the whole run, ms (median)'
set title "Table 1: 10 blinks, thesis (Raspberry Pi 4) vs pinvisor\\npinvisor: $w"
plot '$B/bench/plot-table1.dat' using 2:xtic(1) title 'C', '' using 3 title 'OCaml'
EOF
    echo "plots: $out/table1.svg"
else
    echo "plots: no $B/bench/table1.json (bench/table1/run.sh): table1.svg left as it is"
fi

# The demo's blink (scripts/demo.sh), traced and drawn.
if "$B/pinvisor" --gpio:led=sim:0 --gpio-trace="$B/bench/demo-blink.vcd" \
    "$B/examples/blink.hvt" >/dev/null 2>&1; then
    scripts/vcd-svg.sh "$B/bench/demo-blink.vcd" led.GPIO0 >"$out/demo-led.svg"
    echo "plots: $out/demo-led.svg"
else
    echo "plots: the demo's blink did not run here: demo-led.svg left as it is"
fi
