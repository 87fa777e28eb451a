#!/bin/sh
# SPDX-License-Identifier: ISC
# vcd-timeline.sh: prints a VCD trace written by pinvisor --gpio-trace as a
# readable timeline, one change per line:
#
#     0.605 ms  led.GPIO0  1
#
# usage: vcd-timeline.sh TRACE.vcd [SIGNAL]   (SIGNAL: e.g. led.GPIO0)
set -eu
[ $# -ge 1 ] || { echo "usage: $0 TRACE.vcd [SIGNAL]" >&2; exit 2; }
awk -v want="${2:-}" '
    $1 == "$scope" && $2 == "module" { scope[++depth] = $3; next }
    $1 == "$upscope" { depth--; next }
    $1 == "$var" {
        # $var wire 1 ID NAME $end; the outer scope "pinvisor" is dropped
        name[$4] = (depth > 1 ? scope[depth] "." : "") $5
        next
    }
    $1 == "$enddefinitions" { body = 1; next }
    !body || $1 ~ /^\$/ { next }
    /^#/ { t = substr($0, 2) / 1e6; next }
    {
        v = substr($0, 1, 1); id = substr($0, 2)
        if (want == "" || name[id] == want)
            printf "%10.3f ms  %s  %s\n", t, name[id], v
    }
' "$1"
