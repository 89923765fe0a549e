#!/bin/bash
# The machine of docs/screenshot-listeners.png: copies of the scenario
# test's helper (model/judge/internal/fakedaemon) where ordinary daemons
# and an intruder's programs sit, and the window watching them. As root:
#
#   H=/tmp/portolan-demo; mkdir -p $H
#   CGO_ENABLED=0 go build -o $H/fakedaemon ./model/judge/internal/fakedaemon
#   go build -o $H/portolan ./cmd/portolan && go build -o $H/portolan-window ./cmd/portolan-window
#   Xvfb :65 -screen 0 2400x1350x24 -nolisten tcp &
#   PORTOLAN_DEMO_DIR=$H setsid unshare -m -n --propagation private scripts/listeners-demo.sh &
#   DISPLAY=:65 import -window root shot.png      # end it: kill -- -PID of setsid
#
# Inside its own mount and network namespaces (only lo): tmpfs over
# /usr/sbin, /usr/local/bin, /opt, /home, /dev/shm and /var/lib/dpkg, so
# the copies sit at the real paths, a dpkg database of their own says which
# packages own them, only their sockets are listed, and nothing of the host
# is touched.
set -e
H=${PORTOLAN_DEMO_DIR:-/tmp/portolan-demo}
mkdir -p $H/home $H/config $H/data $H/cache
ip link set lo up
for d in /usr/sbin /usr/local/bin /opt /home /dev/shm /var/lib/dpkg; do mount -t tmpfs -o mode=755 tmpfs "$d"; done
mkdir -p /var/lib/dpkg/info
: > /var/lib/dpkg/status
pkg() { echo "$2" >> "/var/lib/dpkg/info/$1.list"; }
put() { mkdir -p "$(dirname "$1")"; cp $H/fakedaemon "$1"; chmod 755 "$1"; }
# run PATH ARGV0 ARGS...: the helper under its name, stdin held open.
run() { p=$1; a=$2; shift 2; (sleep 100000 | bash -c 'exec -a "$0" "$@"' "$a" "$p" "$@" >>$H/daemons.log 2>&1) & sleep 0.2; }

# An ordinary machine.
put /usr/sbin/sshd; pkg openssh-server /usr/sbin/sshd
run /usr/sbin/sshd "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups" -listen tcp:0.0.0.0:22,tcp:[::]:22
put /usr/sbin/cupsd; pkg cups-daemon /usr/sbin/cupsd
run /usr/sbin/cupsd /usr/sbin/cupsd -listen tcp:127.0.0.1:631,tcp:[::1]:631 -- -l
put /usr/sbin/chronyd; pkg chrony /usr/sbin/chronyd
run /usr/sbin/chronyd /usr/sbin/chronyd -listen udp:127.0.0.1:323,udp:[::1]:323 -- -F 1
put /usr/sbin/avahi-daemon; pkg avahi-daemon /usr/sbin/avahi-daemon
run /usr/sbin/avahi-daemon "avahi-daemon: running [ann-laptop.local]" -listen udp:0.0.0.0:5353,udp:0.0.0.0:0
put /usr/sbin/rpcbind; pkg rpcbind /usr/sbin/rpcbind
run /usr/sbin/rpcbind /usr/sbin/rpcbind -listen tcp:0.0.0.0:111,udp:0.0.0.0:111 -- -f -w
put /usr/sbin/nginx; pkg nginx-core /usr/sbin/nginx
run /usr/sbin/nginx "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;" -listen tcp:0.0.0.0:80,tcp:[::]:80
put /usr/sbin/mariadbd; pkg mariadb-server-core /usr/sbin/mariadbd
run /usr/sbin/mariadbd /usr/sbin/mariadbd -listen tcp:127.0.0.1:3306
put /usr/sbin/dnsmasq; pkg dnsmasq-base /usr/sbin/dnsmasq
run /usr/sbin/dnsmasq /usr/sbin/dnsmasq -listen udp:127.0.1.1:53,tcp:127.0.1.1:53
put /usr/sbin/exim4; pkg exim4-daemon-light /usr/sbin/exim4
run /usr/sbin/exim4 /usr/sbin/exim4 -listen tcp:127.0.0.1:25
put /opt/google/chrome/chrome; pkg google-chrome-stable /opt/google/chrome/chrome
run /opt/google/chrome/chrome /opt/google/chrome/chrome -listen udp:0.0.0.0:5353,udp:0.0.0.0:0
put /usr/local/bin/ollama
run /usr/local/bin/ollama "/usr/local/bin/ollama" -listen tcp:127.0.0.1:11434 -- serve
put /usr/local/bin/myapp
run /usr/local/bin/myapp /usr/local/bin/myapp -listen tcp:127.0.0.1:1999

# What an intruder leaves.
put /usr/local/bin/nc
run /usr/local/bin/nc nc -listen tcp:0.0.0.0:4444 -- -lvnp 4444
put /usr/local/bin/sysupd
run /usr/local/bin/sysupd "[kworker/0:1]" -name kworker/0:1 -listen tcp:0.0.0.0:8443
put /dev/shm/sshd
run /dev/shm/sshd /usr/sbin/sshd -listen tcp:[::]:2222 -- -D
put /home/ann/.x/nginx
run /home/ann/.x/nginx nginx -listen tcp:0.0.0.0:8088
put /usr/local/bin/helper
run /usr/local/bin/helper helper -shell -listen tcp:0.0.0.0:31337
put /usr/local/bin/netmond
run /usr/local/bin/netmond netmond -delete -listen tcp:0.0.0.0:9001
put /opt/monitor/agent
run /opt/monitor/agent agent -name rsyslogd -listen udp:0.0.0.0:5140

sleep 1
exec env DISPLAY=:65 HOME=$H/home XDG_CONFIG_HOME=$H/home/.config PORTOLAN_CONFIG_DIR=$H/config \
	PORTOLAN_DATA_DIR=$H/data PORTOLAN_CACHE_DIR=$H/cache $H/portolan
