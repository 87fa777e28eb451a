#!/bin/sh
# demo.sh: the main demo (make demo).
set -eu
B=${BUILD:-build}
exec "$B/pinvisor" "$B/examples/hello.hvt" "Hello_pinvisor"
