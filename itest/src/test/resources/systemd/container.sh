#!/bin/bash
# container.sh <cgroup-name> <units-dir>: a real systemd, as PID 1 of new cgroup, PID and mount
# namespaces on this host, for RealSystemdIT (root only). It shares the host's network and files,
# and changes nothing outside its namespaces but a child cgroup of this process's own:
#  - outer half: moves this shell into a new child cgroup <cgroup-name> of its own in every
#    hierarchy, so that everything systemd creates is below it (and under the limits this process
#    runs under), then runs itself again in new namespaces;
#  - inner half: private mounts (the cgroup hierarchies again, now rooted at that child; tmpfs on
#    /run, on /etc/systemd/system holding only the units of <units-dir>, and on /var/log/journal),
#    then execs systemd in container mode, starting only daos-test.target.
# The caller removes the child cgroups once systemd has exited (`systemctl exit`). For the hybrid
# cgroup layout (v1 hierarchies, name=systemd, cgroup2 on /sys/fs/cgroup/unified), as here.
set -eu
name=$1
units=$2

hierarchy() { # <controller field of /proc/self/cgroup>: its mount point
    case "$1" in
        "") echo /sys/fs/cgroup/unified ;;
        name=systemd) echo /sys/fs/cgroup/systemd ;;
        *) echo "/sys/fs/cgroup/${1#name=}" ;;
    esac
}

mapfile -t cgroups < /proc/self/cgroup
if [ "${DAOS_SD_INNER:-}" != 1 ]; then
    for line in "${cgroups[@]}"; do
        IFS=: read -r _ ctrl path <<< "$line"
        h=$(hierarchy "$ctrl")
        [ -d "$h" ] || continue
        d="$h${path%/}/$name"
        mkdir -p "$d"
        if [ -f "$d/cpuset.cpus" ]; then # a cpuset takes no task until it has CPUs and nodes
            cat "$d/../cpuset.cpus" > "$d/cpuset.cpus"
            cat "$d/../cpuset.mems" > "$d/cpuset.mems"
        fi
        echo $$ > "$d/cgroup.procs"
    done
    DAOS_SD_INNER=1 exec unshare --cgroup --pid --fork --mount --mount-proc bash "$0" "$@"
fi

mount --make-rprivate /
mount -t tmpfs -o mode=755 tmpfs /sys/fs/cgroup
for line in "${cgroups[@]}"; do
    IFS=: read -r _ ctrl _ <<< "$line"
    h=$(hierarchy "$ctrl")
    mkdir -p "$h"
    case "$ctrl" in
        "") mount -t cgroup2 cgroup2 "$h" ;;
        name=systemd) mount -t cgroup -o none,name=systemd cgroup "$h" ;;
        *) mount -t cgroup -o "$ctrl" cgroup "$h" ;;
    esac
done
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /etc/systemd/system
cp -r "$units"/. /etc/systemd/system/
if [ -d /var/log/journal ]; then
    mount -t tmpfs tmpfs /var/log/journal
fi
export container=daos-test
exec /lib/systemd/systemd --system --unit=daos-test.target --log-target=console --log-level=notice
