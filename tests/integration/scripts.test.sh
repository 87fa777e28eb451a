# SPDX-License-Identifier: ISC
# scripts.test.sh: the trace renderer scripts/vcd-svg.sh (kind nokvm): a
# hand-written VCD in, the exact waveform elements out.
CASE_KIND=nokvm

# Two signals: led.GPIO0 changes at 0, 1, 2 and 4 ms, io.GPIO1 at 0 and
# 2 ms; the axis runs to 4 ms (x 110 to 710), rows 40 high (8 high, 28
# low in the first row).
cat >"$TMPD/wave.vcd" <<'VCD'
$timescale 1ns $end
$scope module pinvisor $end
$scope module led $end
$var wire 1 ! GPIO0 $end
$upscope $end
$scope module io $end
$var wire 1 " GPIO1 $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
0!
0"
$end
#1000000
1!
#2000000
0!
1"
#4000000
1!
VCD
expect "vcd-svg: each signal a named row with its levels as a polyline" 0 \
    --out '^<svg xmlns="http://www.w3.org/2000/svg" width="730" height="110" ' \
    --out '^<text x="4" y="22">led.GPIO0</text>$' \
    --out '^<polyline fill="none" stroke="#1f6fb4" stroke-width="2" points="110.0,28 260.0,28 260.0,8 410.0,8 410.0,28 710.0,28 710.0,8 710.0,8"/>$' \
    --out '^<text x="4" y="62">io.GPIO1</text>$' \
    --out '^<polyline fill="none" stroke="#1f6fb4" stroke-width="2" points="110.0,68 410.0,68 410.0,48 710.0,48"/>$' \
    --out '^<text x="710.0" y="98" text-anchor="middle">4 ms</text>$' \
    --out '^</svg>$' \
    -- scripts/vcd-svg.sh "$TMPD/wave.vcd"
expect "vcd-svg: only the signal asked for, on the whole trace's axis" 0 \
    --out '^<text x="4" y="22">io.GPIO1</text>$' \
    --out 'points="110.0,28 410.0,28 410.0,8 710.0,8"' \
    --not 'led.GPIO0' \
    -- scripts/vcd-svg.sh "$TMPD/wave.vcd" io.GPIO1
expect "vcd-svg: the signals asked for in their order" 0 \
    --out '^<text x="4" y="22">io.GPIO1</text>$' \
    --out '^<text x="4" y="62">led.GPIO0</text>$' \
    -- scripts/vcd-svg.sh "$TMPD/wave.vcd" io.GPIO1 led.GPIO0
sed 's/^1"$/x"/' "$TMPD/wave.vcd" >"$TMPD/wave-x.vcd"
expect "vcd-svg: an unknown level half-way, its row dashed" 0 \
    --out 'stroke-dasharray="4 3" points="110.0,68 410.0,68 410.0,58 710.0,58"' \
    -- scripts/vcd-svg.sh "$TMPD/wave-x.vcd"
expect "vcd-svg: a signal the trace does not have is an error" 1 \
    --out '^vcd-svg: no changes of the signals in the trace$' \
    --not '<svg' \
    -- scripts/vcd-svg.sh "$TMPD/wave.vcd" led.GPIO7
expect "vcd-svg: no trace is a usage error" 2 \
    --out '^usage: scripts/vcd-svg.sh TRACE.vcd \[SIGNAL\.\.\.\]$' \
    -- scripts/vcd-svg.sh
