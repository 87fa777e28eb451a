#!/bin/sh
# SPDX-License-Identifier: ISC
# vcd-svg.sh: draws a VCD trace written by pinvisor --gpio-trace as an SVG
# waveform on stdout, one row per signal (in the order of their first
# change; only the SIGNALs given, if any), so a trace can be seen without
# GTKWave. Reads the trace through scripts/vcd-timeline.sh.
#
#   scripts/vcd-svg.sh TRACE.vcd [SIGNAL...] >wave.svg
#
# Each row is a <text> with the signal's name and a <polyline> of its
# levels: 1 high, 0 low, anything else (x, z) half-way, and then the
# whole row dashed. The
# time axis runs from 0 to the trace's last change (of any signal) and
# is labelled in ms.
# Exit status: 0, 1 when the trace has no change of the signals, 2 on a
# usage error.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 TRACE.vcd [SIGNAL...]" >&2; exit 2; }
trace=$1
shift
"$(dirname "$0")/vcd-timeline.sh" "$trace" | awk -v want="$*" '
BEGIN {
    nw = split(want, w, " ")
    for (i = 1; i <= nw; i++) { rank[w[i]] = i; order[i] = w[i] }
    n = nw
    left = 110; width = 600; rowh = 40; high = 8; low = 28
}
{
    t = $1; name = $3; v = $4
    if (t > tmax) tmax = t
    if (nw && !(name in rank))
        next
    if (!(name in rank)) { rank[name] = ++n; order[n] = name }
    k = ++count[name]; tt[name, k] = t; vv[name, k] = v
}
function x(t) { return left + (tmax > 0 ? t / tmax : 0) * width }
function y(r, v) { return (r - 1) * rowh + (v == "1" ? high : v == "0" ? low : (high + low) / 2) }
END {
    for (r = 1; r <= n; r++)
        total += count[order[r]]
    if (!total) {
        print "vcd-svg: no changes of the signals in the trace" > "/dev/stderr"
        exit 1
    }
    h = n * rowh + 30
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">\n", left + width + 20, h, left + width + 20, h
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    for (r = 1; r <= n; r++) {
        s = order[r]
        printf "<text x=\"4\" y=\"%d\">%s</text>\n", (r - 1) * rowh + 22, s
        pts = ""; dash = ""
        for (k = 1; k <= count[s]; k++) {
            xs = sprintf("%.1f", x(tt[s, k]))
            if (k > 1)
                pts = pts sprintf(" %s,%d", xs, y(r, vv[s, k - 1]))
            pts = pts sprintf(" %s,%d", xs, y(r, vv[s, k]))
            if (vv[s, k] != "0" && vv[s, k] != "1")
                dash = " stroke-dasharray=\"4 3\""
        }
        pts = pts sprintf(" %.1f,%d", x(tmax), y(r, vv[s, count[s]]))
        printf "<polyline fill=\"none\" stroke=\"#1f6fb4\" stroke-width=\"2\"%s points=\"%s\"/>\n", dash, substr(pts, 2)
    }
    ya = n * rowh + 2
    printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", left, ya, left + width, ya
    for (i = 0; i <= 4; i++)
        printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.3g ms</text>\n", left + i * width / 4, ya + 16, tmax * i / 4
    print "</svg>"
}'
