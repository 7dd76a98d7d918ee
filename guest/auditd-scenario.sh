#!/bin/sh
# Guest job: Debian's own auditd, restarted, stopped and killed while
# several processes make audited syscalls, with a multicast listener beside
# it.  Each round: SIGTERM and start; SIGSTOP and SIGCONT; SIGKILL and
# start; SIGSTOP, SIGKILL while stopped, and start.  Leaves in the run folder what scripts/auditd-check.py judges:
#   audit.log      auditd's log (RAW format)
#   ausearch.txt   ausearch --raw -k scenario over that log
#   aureport.txt   aureport summaries of it
#   mcast.txt      every record the multicast listener got
#   producers.txt  "audit-load ID generated N" per producer
#   status-*.txt   auditctl -s before the rule and after the end marker
#   timeline.txt   what was done to auditd, when
# Environment: HARNESS_RUN (run folder, the current directory),
# SCENARIO_PRODUCERS (default 4), SCENARIO_ROUNDS (default 2).
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
run=$(pwd)
bin=$(cd "$run/../../clients" && pwd)
work=/run/auditd-scenario
producers=${SCENARIO_PRODUCERS:-4}
# Each producer: one audited call every 20 ms at most, so about 200 events
# (400 records) a second from four: a steady stream that the 8192-record
# hold queue covers through an auditd restart, which takes seconds in UML.
batch=${SCENARIO_BATCH:-1}
pause_us=${SCENARIO_PAUSE_US:-20000}
rounds=${SCENARIO_ROUNDS:-2}
marker="auditd-scenario end of stream"

say() { echo "scenario: $*"; echo "$(date +%s.%N | cut -c1-14) $*" >> timeline.txt; }
fail() { echo "scenario: error: $*"; exit 1; }
status_field() { auditctl -s | awk -v f="$1" '$1 == f { print $2 }'; }

# Poll a condition ("until" with a deadline): the scenario waits on what it
# can observe - auditd's registration, the marker in the log - not on time.
wait_for() {
	what=$1; shift
	tries=0
	until "$@"; do
		tries=$((tries + 1))
		[ "$tries" -lt 1200 ] || fail "timed out waiting for $what"
		sleep 0.1
	done
}

registered() { [ "$(status_field pid)" = "$auditd" ]; }

start_auditd() {
	auditd -n -c "$work" >> auditd.out 2>&1 &
	auditd=$!
	wait_for "auditd $auditd to register" registered
	say "auditd $auditd registered"
}

stop_auditd() {
	kill -TERM "$auditd"
	wait "$auditd" || true
	say "auditd $auditd stopped by SIGTERM"
}

kill_auditd() {
	kill -KILL "$auditd"
	wait "$auditd" || true
	say "auditd $auditd killed by SIGKILL"
}

pause_auditd() {
	kill -STOP "$auditd"
	say "auditd $auditd stopped by SIGSTOP"
	sleep 1
	kill -CONT "$auditd"
	say "auditd $auditd continued by SIGCONT"
}

# A hung auditd killed: its socket fills up while it is stopped, and the
# records in it were sent, but never read.
kill_stopped_auditd() {
	kill -STOP "$auditd"
	say "auditd $auditd stopped by SIGSTOP"
	sleep 1
	kill_auditd
}

rm -rf "$work"
mkdir -p "$work/plugins"
: > timeline.txt
umask 027
# Only the log matters here: no plugins, no network, no disk-space actions,
# no rotation, RAW records exactly as the kernel sent them.
cat > "$work/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $work/audit.log
log_group = root
log_format = RAW
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 0
max_log_file_action = IGNORE
space_left = 1
space_left_action = IGNORE
admin_space_left = 0
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
use_libwrap = no
distribute_network = no
q_depth = 8000
overflow_action = SYSLOG
max_restarts = 10
plugin_dir = $work/plugins
end_of_event_timeout = 2
CONF
umask 022

auditctl -D > /dev/null
auditctl -b 8192 > /dev/null

"$bin/audit-mcast" mcast.txt > mcast.out 2>&1 &
mcast=$!
wait_for "the multicast listener" grep -q listening mcast.out

start_auditd
auditctl -e 1 > /dev/null
auditctl -s > status-before.txt
say "lost before: $(status_field lost)"
auditctl -a always,exit -F arch=b64 -S getppid -F a0=0xa0d17 -k scenario

pids=
i=0
while [ "$i" -lt "$producers" ]; do
	"$bin/audit-load" "$i" "$batch" "$pause_us" >> producers.txt &
	pids="$pids $!"
	i=$((i + 1))
done
say "$producers producers started"

round=1
while [ "$round" -le "$rounds" ]; do
	say "round $round"
	sleep 1
	stop_auditd
	start_auditd
	sleep 1
	pause_auditd
	sleep 1
	kill_auditd
	start_auditd
	sleep 1
	kill_stopped_auditd
	start_auditd
	round=$((round + 1))
done
sleep 1

# shellcheck disable=SC2086
kill -TERM $pids
for p in $pids; do
	wait "$p" || fail "producer $p failed"
done
say "producers stopped: $(awk '{ n += $4 } END { print n }' producers.txt) events"
auditctl -d always,exit -F arch=b64 -S getppid -F a0=0xa0d17 -k scenario

# Records reach auditd in order, so once the marker is in the log every
# record queued before it has been delivered or counted lost.
auditctl -m "$marker"
wait_for "the end marker in the log" grep -q "$marker" "$work/audit.log"
wait_for "the end marker at the listener" grep -q "$marker" mcast.txt
auditctl -s > status-after.txt
say "lost after: $(status_field lost)"
stop_auditd
kill -TERM "$mcast"
wait "$mcast" || fail "the multicast listener failed"

cp "$work/audit.log" audit.log
ausearch -if audit.log --raw -k scenario > ausearch.txt 2> ausearch.err || true
{
	aureport -if audit.log --summary
	aureport -if audit.log --key --summary
} > aureport.txt 2>&1 || true
say "done"
