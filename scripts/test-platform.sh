#!/usr/bin/env bash
# End-to-end test of the launchers (bin/<system>, bin/launcher) and of ./platform.
#
# Usage: scripts/test-platform.sh
#
# Runs in a temporary MULTISYSTEM_HOME (so the platform's state and the services' data are thrown away) but on the
# default ports, because that is what `./platform up` uses: 9103/8103 (chaos-engine), 9105/8105 (contract-compiler)
# and 9107/8107 (lattice-engine) must be free. Takes about a minute or two.
#   - launcher: works from another directory and through a symlink; unknown system; Java missing or too old (exit 3);
#     default JVM flags and JAVA_OPTS; build when the jar is missing or stale and not otherwise (in a scratch copy of
#     the launcher with a fake mvnw, so no real Maven build runs);
#   - platform: refuses a port taken by another process (when python3 is there to hold one); up; status; up again
#     leaves running services alone; a SIGKILLed service is restarted by its supervisor; a bad configuration value
#     (MULTISYSTEM_CLIENT_DEFAULT_DEADLINE=abc, passed to the service through the environment) ends in the failed state
#     with the service's one-line error and no restart; logs; down leaves no process behind.
# The jars are used as they are when they exist (MULTISYSTEM_NO_BUILD=1, the build path is covered by the fake-mvnw
# check above); when one is missing, `./platform up` builds them. Processes are recognised as this test's by the
# MULTISYSTEM_HOME in their environment, so services other people run from the same jars are never touched.
# Exit 0 when every check passes; 1 with "FAIL - ..." and some context otherwise.
set -euo pipefail

root=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
platform="$root/platform"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-platform.XXXXXX")
export MULTISYSTEM_HOME="$tmp/home"
unset MULTISYSTEM_PLATFORM_STATE MULTISYSTEM_JAVA_OPTS JAVA_OPTS MULTISYSTEM_SERVE_ARGS MULTISYSTEM_UP_TIMEOUT \
    MULTISYSTEM_RESTART_MAX MULTISYSTEM_RESTART_WINDOW
state="$MULTISYSTEM_HOME/.platform"
holder=""
checks=0

for s in chaos-engine lattice-engine contract-compiler; do
    if [[ ! -f "$root/$s/target/$s-0.1.0-SNAPSHOT-exec.jar" ]]; then
        build_needed=1
    fi
done
if [[ -z "${build_needed:-}" ]]; then
    export MULTISYSTEM_NO_BUILD=1
fi

# Processes whose command line matches $1 and that run with this test's MULTISYSTEM_HOME.
our_pids() {
    local p
    for p in $(pgrep -f -- "$1" || true); do
        if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qxF "MULTISYSTEM_HOME=$MULTISYSTEM_HOME"; then
            echo "$p"
        fi
    done
}

cleanup() {
    local rc=$? p
    if [[ -n "$holder" ]]; then kill "$holder" 2>/dev/null || true; fi
    "$platform" down >/dev/null 2>&1 || true
    for p in $(our_pids "$root/platform _supervise") $(our_pids "$root/.*-0.1.0-SNAPSHOT-exec.jar"); do
        echo "cleanup: killing leftover process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" >&2
        kill -KILL "$p" 2>/dev/null || true
    done
    rm -rf -- "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() {
    checks=$((checks + 1))
    printf 'ok %d - %s\n' "$checks" "$*"
}

fail() {
    printf 'FAIL - %s\n' "$1" >&2
    if [[ -n "${2:-}" ]]; then printf '%s\n' "$2" | sed 's/^/    /' >&2; fi
    if [[ -d "$state/logs" ]]; then
        for log in "$state"/logs/*.log; do
            [[ -f "$log" ]] || continue
            printf -- '--- last lines of %s\n' "$log" >&2
            tail -n 15 "$log" | sed 's/^/    /' >&2
        done
    fi
    exit 1
}

# Runs a command, capturing its output (stdout and stderr) in OUT and its exit code in RC.
run() {
    set +e
    OUT=$("$@" 2>&1)
    RC=$?
    set -e
}

expect_rc() {
    local want=$1 what=$2
    [[ "$RC" == "$want" ]] || fail "$what: exit code $RC, expected $want" "$OUT"
}

expect_out() {
    local pattern=$1 what=$2
    grep -qE -- "$pattern" <<<"$OUT" || fail "$what: output does not match /$pattern/" "$OUT"
}

port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

for port in 9103 8103 9105 8105 9107 8107; do
    if port_in_use "$port"; then
        fail "port $port is already in use; this test starts chaos-engine, contract-compiler and lattice-engine on their default ports (stop what holds it and run again)" \
            "$(ss -Hltnp "sport = :$port" 2>/dev/null || true)"
    fi
done

# ------------------------------------------------------------------------------------------------ launcher

mkdir -p "$tmp/elsewhere"
ln -s "$root/bin/lattice-engine" "$tmp/elsewhere/lattice"
run bash -c "cd '$tmp/elsewhere' && ./lattice --version"
expect_rc 0 "bin/lattice-engine through a symlink from another directory"
expect_out 'JVM' "bin/lattice-engine --version"
ok "bin/<system> runs the CLI from any directory and through a symlink"

run "$root/bin/launcher" no-such-system --version
expect_rc 2 "bin/launcher with an unknown system"
expect_out "unknown system 'no-such-system'" "bin/launcher with an unknown system"
ok "bin/launcher rejects an unknown system (exit 2)"

# A PATH with every tool but java.
mkdir -p "$tmp/nojava"
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
    [[ -d "$d" ]] || continue
    for f in "$d"/*; do
        name=${f##*/}
        [[ "$name" == java || -e "$tmp/nojava/$name" || ! -x "$f" ]] && continue
        ln -s "$f" "$tmp/nojava/$name"
    done
done
run env -u JAVA_HOME PATH="$tmp/nojava" "$BASH" "$root/bin/chaos-engine" --version
expect_rc 3 "bin/chaos-engine without java"
expect_out 'JAVA_MISSING' "bin/chaos-engine without java"
ok "no java: a clear message and exit 3"

mkdir -p "$tmp/java11/bin"
cat >"$tmp/java11/bin/java" <<'EOF'
#!/usr/bin/env bash
echo 'openjdk version "11.0.22" 2024-01-16' >&2
EOF
chmod +x "$tmp/java11/bin/java"
run env JAVA_HOME="$tmp/java11" "$root/bin/chaos-engine" --version
expect_rc 3 "bin/chaos-engine on Java 11"
expect_out 'JAVA_TOO_OLD.*11\.0\.22.*17' "bin/chaos-engine on Java 11"
ok "Java 11: a clear message and exit 3"

# A java that only prints the arguments it was given.
mkdir -p "$tmp/echojava/bin"
cat >"$tmp/echojava/bin/java" <<'EOF'
#!/usr/bin/env bash
if [[ "$1" == -version ]]; then echo 'openjdk version "21.0.2" 2024-01-16' >&2; exit 0; fi
echo "ARGS: $*"
EOF
chmod +x "$tmp/echojava/bin/java"
run env JAVA_HOME="$tmp/echojava" MULTISYSTEM_NO_BUILD=1 "$root/bin/chaos-engine" serve --http-port 1
expect_rc 0 "launcher with a fake java"
expect_out "^ARGS: -XX:\+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -Xmx384m -jar $root/chaos-engine/target/chaos-engine-0.1.0-SNAPSHOT-exec.jar serve --http-port 1\$" \
    "default JVM flags"
run env JAVA_HOME="$tmp/echojava" MULTISYSTEM_NO_BUILD=1 JAVA_OPTS='-Xmx1g -Dx=y' "$root/bin/chaos-engine" serve
expect_out "^ARGS: -Xmx1g -Dx=y -jar " "JAVA_OPTS replaces the default flags"
run env JAVA_HOME="$tmp/echojava" MULTISYSTEM_NO_BUILD=1 MULTISYSTEM_JAVA_OPTS='-Xmx2g' JAVA_OPTS='-Da=b' "$root/bin/chaos-engine" serve
expect_out "^ARGS: -Xmx2g -Da=b -jar " "MULTISYSTEM_JAVA_OPTS then JAVA_OPTS"
ok "default JVM flags only when MULTISYSTEM_JAVA_OPTS and JAVA_OPTS are unset"

# Build on demand, in a scratch copy of the repository layout with a fake mvnw.
fake="$tmp/fake-repo"
mkdir -p "$fake/bin" "$fake/scripts" "$fake/chaos-engine/src/main/java"
cp "$root/bin/launcher" "$root/bin/chaos-engine" "$fake/bin/"
cp "$root/scripts/systems.tsv" "$fake/scripts/"
echo '<project/>' >"$fake/chaos-engine/pom.xml"
echo 'class A {}' >"$fake/chaos-engine/src/main/java/A.java"
cat >"$fake/mvnw" <<'EOF'
#!/usr/bin/env bash
echo "mvnw $* (in $PWD)" >>"$(dirname "$0")/mvnw.calls"
mkdir -p chaos-engine/target
echo jar >chaos-engine/target/chaos-engine-0.1.0-SNAPSHOT-exec.jar
EOF
chmod +x "$fake/mvnw"
run env JAVA_HOME="$tmp/echojava" MULTISYSTEM_NO_BUILD=1 "$fake/bin/chaos-engine" --version
expect_rc 3 "missing jar with MULTISYSTEM_NO_BUILD=1"
expect_out 'JAR_MISSING' "missing jar with MULTISYSTEM_NO_BUILD=1"
run env -u MULTISYSTEM_NO_BUILD bash -c "cd / && JAVA_HOME='$tmp/echojava' '$fake/bin/chaos-engine' --version"
expect_rc 0 "launcher building a missing jar"
expect_out 'building chaos-engine \(its jar is missing\)' "launcher building a missing jar"
[[ "$(cat "$fake/mvnw.calls")" == "mvnw -q -B package -DskipTests -pl chaos-engine -am (in $fake)" ]] ||
    fail "the launcher did not run the expected Maven command" "$(cat "$fake/mvnw.calls")"
run env -u MULTISYSTEM_NO_BUILD JAVA_HOME="$tmp/echojava" "$fake/bin/chaos-engine" --version
[[ "$(wc -l <"$fake/mvnw.calls")" -eq 1 ]] || fail "the launcher rebuilt an up-to-date jar" "$OUT"
touch -d "@$(($(date +%s) + 5))" "$fake/chaos-engine/src/main/java/A.java"
run env -u MULTISYSTEM_NO_BUILD JAVA_HOME="$tmp/echojava" "$fake/bin/chaos-engine" --version
expect_out 'building chaos-engine \(chaos-engine/src/main/java/A.java is newer than the jar\)' "launcher with a stale jar"
[[ "$(wc -l <"$fake/mvnw.calls")" -eq 2 ]] || fail "the launcher did not rebuild a stale jar" "$(cat "$fake/mvnw.calls")"
ok "the launcher builds the module when its jar is missing or older than its sources, and not otherwise"

# ------------------------------------------------------------------------------------------------ platform

# ./platform up on a fresh checkout, in a scratch copy with a fake mvnw and a fake java (whose `serve` just waits and
# whose `health` answers SERVING in compact JSON), on a PATH without ss (so the /dev/tcp fallback is used).
fp="$tmp/fake-platform"
mkdir -p "$fp/bin" "$fp/scripts" "$tmp/fakejava/bin" "$tmp/noss"
cp "$platform" "$fp/"
cp "$root"/bin/* "$fp/bin/"
cp "$root/scripts/systems.tsv" "$fp/scripts/"
while IFS=$'\t' read -r name _; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    mkdir -p "$fp/$name"
    echo '<project/>' >"$fp/$name/pom.xml"
done <"$root/scripts/systems.tsv"
cat >"$fp/mvnw" <<'EOF'
#!/usr/bin/env bash
echo "mvnw $*" >>"$(dirname "$0")/mvnw.calls"
while (($#)); do
    if [[ "$1" == -pl ]]; then
        for m in ${2//,/ }; do mkdir -p "$m/target" && echo jar >"$m/target/$m-0.1.0-SNAPSHOT-exec.jar"; done
    fi
    shift
done
EOF
cat >"$tmp/fakejava/bin/java" <<'EOF'
#!/usr/bin/env bash
if [[ "$1" == -version ]]; then echo 'openjdk version "17.0.9" 2023-10-17' >&2; exit 0; fi
for a in "$@"; do
    if [[ "$a" == health ]]; then
        json='{"healthy":true,"targets":['
        sep=''
        for t in "$@"; do
            [[ "$t" == 127.0.0.1:* ]] || continue
            json+="$sep{\"target\":\"$t\",\"status\":\"SERVING\",\"system\":null,\"version\":\"9.9.9-fake\",\"uptimeSeconds\":75,\"pid\":4242,\"error\":null}"
            sep=','
        done
        echo "$json]}"
        exit 0
    fi
    if [[ "$a" == serve ]]; then
        trap 'exit 143' TERM
        echo "fake serving"
        while :; do sleep 0.2; done
    fi
done
exit 2
EOF
chmod +x "$fp/mvnw" "$tmp/fakejava/bin/java"
for f in "$tmp"/nojava/*; do
    [[ "${f##*/}" == ss ]] || ln -s "$(readlink "$f")" "$tmp/noss/${f##*/}"
done
fake_env=(env -u MULTISYSTEM_NO_BUILD PATH="$tmp/noss" JAVA_HOME="$tmp/fakejava" MULTISYSTEM_PLATFORM_STATE="$tmp/fake-state")
run "${fake_env[@]}" "$fp/platform" up chaos-engine
expect_rc 0 "./platform up on a checkout without jars"
expect_out 'building \(jar missing: attestation-authority .* auto-learner\)' "./platform up on a checkout without jars"
expect_out '^chaos-engine +127\.0\.0\.1:9103 +127\.0\.0\.1:8103 +running ' "./platform up on a checkout without jars"
[[ "$(cat "$fp/mvnw.calls")" == "mvnw -q -B package -DskipTests -pl attestation-authority,autoblocker-ledger,chaos-engine,cloud-kernel-agent,contract-compiler,symbolic-modeler,lattice-engine,parallel-framework,pipeline-engine,auto-learner -am" ]] ||
    fail "./platform up did not build the ten jars in one Maven run" "$(cat "$fp/mvnw.calls")"
run "${fake_env[@]}" "$fp/platform" status chaos-engine
expect_rc 0 "./platform status with compact JSON from health"
expect_out '^chaos-engine +running +SERVING +[0-9]+ +0 +1m15s +9\.9\.9-fake$' "./platform status with compact JSON from health"
run "${fake_env[@]}" "$fp/platform" down
expect_rc 0 "./platform down (fake services)"
expect_out '^stopped chaos-engine ' "./platform down (fake services)"
left=$(our_pids "$fp/platform _supervise"; our_pids "$fp/chaos-engine/target")
[[ -z "$left" ]] || fail "fake processes left after ./platform down: $left"
ok "./platform up on a checkout without jars builds all ten in one Maven run; works without ss and parses compact JSON"

run "$platform" help
expect_rc 0 "./platform help"
expect_out '^Usage:' "./platform help"
run "$platform" frobnicate
expect_rc 2 "./platform with an unknown command"
ok "./platform help; unknown command exits 2"

if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 8105)); s.listen(); time.sleep(60)' &
    holder=$!
    for _ in $(seq 50); do port_in_use 8105 && break; sleep 0.1; done
    run "$platform" up contract-compiler
    expect_rc 1 "./platform up with a taken port"
    expect_out 'port 8105 \(contract-compiler HTTP\) is already in use' "./platform up with a taken port"
    [[ ! -e "$state/pids/contract-compiler.supervisor.pid" ]] || fail "a supervisor was started despite the taken port"
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
    holder=""
    ok "./platform up refuses a port taken by another process, naming the port and the system"
else
    echo "skip - no python3 to hold a port: the port-conflict check is not run"
fi

started=$(date +%s)
run "$platform" up chaos-engine lattice-engine
expect_rc 0 "./platform up chaos-engine lattice-engine"
expect_out '^chaos-engine +127\.0\.0\.1:9103 +127\.0\.0\.1:8103 +running +[0-9]+ ' "./platform up table"
expect_out '^lattice-engine +127\.0\.0\.1:9107 +127\.0\.0\.1:8107 +running +[0-9]+ ' "./platform up table"
ok "./platform up chaos-engine lattice-engine: both healthy after $(($(date +%s) - started)) s"

run "$platform" status chaos-engine lattice-engine
expect_rc 0 "./platform status"
expect_out '^chaos-engine +running +SERVING +[0-9]+ +0 ' "./platform status"
expect_out '^lattice-engine +running +SERVING +[0-9]+ +0 ' "./platform status"
ok "./platform status: running and SERVING"

java_pid=$(cut -d ' ' -f 1 "$state/pids/chaos-engine.pid")
[[ " $(our_pids "$root/chaos-engine/target/chaos-engine-0.1.0-SNAPSHOT-exec.jar" | tr '\n' ' ') " == *" $java_pid "* ]] ||
    fail "the pid file of chaos-engine ($java_pid) does not name its java process"
run "$platform" up chaos-engine
expect_rc 0 "./platform up of a running service"
expect_out 'already running, left alone: chaos-engine' "./platform up of a running service"
[[ "$(cut -d ' ' -f 1 "$state/pids/chaos-engine.pid")" == "$java_pid" ]] || fail "up restarted a running service"
ok "./platform up leaves a running service alone"

kill -KILL "$java_pid"
killed=$(date +%s)
deadline=$((killed + 120))
while :; do
    run "$platform" status chaos-engine
    new_pid=$(cut -d ' ' -f 1 "$state/pids/chaos-engine.pid" 2>/dev/null || true)
    if [[ "$RC" == 0 && -n "$new_pid" && "$new_pid" != "$java_pid" ]]; then
        break
    fi
    (($(date +%s) < deadline)) || fail "chaos-engine was not restarted within 120 s of a SIGKILL" "$OUT"
    sleep 2
done
expect_out '^chaos-engine +running +SERVING +[0-9]+ +1 ' "status after one restart"
grep -q 'restart 1 of 5 in 1 s' "$state/logs/chaos-engine.log" || fail "the supervisor did not log the restart"
ok "a SIGKILLed service is restarted by its supervisor (serving again after $(($(date +%s) - killed)) s, pid $java_pid -> $new_pid)"

run env MULTISYSTEM_CLIENT_DEFAULT_DEADLINE=abc "$platform" up contract-compiler
expect_rc 1 "./platform up with a bad configuration value"
expect_out '^contract-compiler +127\.0\.0\.1:9105 +127\.0\.0\.1:8105 +failed ' "./platform up with a bad configuration value"
expect_out "error CONFIG_INVALID: invalid configuration: property 'multisystem.client.default-deadline' = 'abc'" \
    "./platform up with a bad configuration value"
sleep 3
run "$platform" status contract-compiler
expect_rc 3 "./platform status of a failed service"
expect_out '^contract-compiler +failed +UNREACHABLE +- +0 ' "./platform status of a failed service"
expect_out 'not restarted: error CONFIG_INVALID' "./platform status of a failed service"
[[ -z "$(our_pids "$root/contract-compiler/target/contract-compiler-0.1.0-SNAPSHOT-exec.jar")" ]] ||
    fail "contract-compiler is running again after a bad configuration"
[[ -z "$(our_pids "$root/platform _supervise contract-compiler")" ]] || fail "the supervisor of a failed service is still there"
[[ "$(grep -c 'contract-compiler: starting: ' "$state/logs/contract-compiler.log")" -eq 1 ]] ||
    fail "contract-compiler was started more than once" "$(grep '^\[platform' "$state/logs/contract-compiler.log")"
ok "a bad configuration value: failed state with the one-line error, started once, not restarted"

run "$platform" logs chaos-engine
expect_rc 0 "./platform logs"
expect_out '^chaos-engine serving: gRPC 127\.0\.0\.1:9103, HTTP 127\.0\.0\.1:8103' "./platform logs"
ok "./platform logs prints the service's log"

run "$platform" status
expect_rc 3 "./platform status of all ten (some stopped)"
expect_out '^attestation-authority +stopped +UNREACHABLE ' "./platform status of all ten"
ok "./platform status of all ten exits 3 when some are not running"

run "$platform" down
expect_rc 0 "./platform down"
expect_out '^stopped chaos-engine ' "./platform down"
expect_out '^stopped lattice-engine ' "./platform down"
left=$(our_pids "$root/.*-0.1.0-SNAPSHOT-exec.jar"; our_pids "$root/platform _supervise")
[[ -z "$left" ]] || fail "processes left after ./platform down: $left" "$(ps -o pid,args -p "${left//$'\n'/,}" 2>/dev/null)"
[[ -z "$(ls -A "$state/pids")" ]] || fail "pid files left after ./platform down" "$(ls -A "$state/pids")"
run "$platform" status chaos-engine lattice-engine
expect_rc 3 "./platform status after down"
expect_out '^chaos-engine +stopped ' "./platform status after down"
ok "./platform down stops everything it started and leaves no process or pid file"

echo "all $checks checks passed"
