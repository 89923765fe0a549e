package identity

import (
	"strings"
)

// cgroupPlace is what /proc/PID/cgroup says about where a process runs.
type cgroupPlace struct {
	unit, manager      string
	container, runtime string
}

// parseCgroup reads /proc/PID/cgroup: the systemd unit (the innermost
// .service or .scope, under a user's systemd instance when user@UID.service
// is above it) and the container, if the path shows one (docker,
// containerd, cri-o, podman, nerdctl, lxc, nspawn, kubernetes).
func parseCgroup(data []byte) cgroupPlace {
	var unified, systemd, first string
	var out cgroupPlace
	for _, line := range strings.Split(string(data), "\n") {
		id, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		ctrl, p, ok := strings.Cut(rest, ":")
		if !ok {
			continue
		}
		switch {
		case id == "0" && ctrl == "":
			unified = p
		case ctrl == "name=systemd":
			systemd = p
		case first == "" && p != "/":
			first = p
		}
		if out.container == "" {
			out.container, out.runtime = containerOf(p)
		}
	}
	p := unified
	if p == "" || p == "/" {
		p = systemd
	}
	if p == "" {
		p = first
	}
	out.unit, out.manager = unitOf(p)
	if out.container != "" && isContainerScope(out.unit) {
		out.unit, out.manager = "", ""
	}
	return out
}

// unitOf finds the innermost systemd unit of a cgroup path; its manager
// is "user" when it sits below a user's systemd (user@UID.service).
func unitOf(p string) (unit, manager string) {
	userAt, unitAt := -1, -1
	for i, part := range strings.Split(p, "/") {
		if strings.HasSuffix(part, ".service") || strings.HasSuffix(part, ".scope") {
			unit, unitAt = part, i
			if strings.HasPrefix(part, "user@") {
				userAt = i
			}
		}
	}
	switch {
	case unit == "":
		return "", ""
	case userAt >= 0 && unitAt > userAt:
		return unit, "user"
	}
	return unit, "system"
}

// containerScopes are the prefixes of the systemd scopes (cgroup v2) that
// container runtimes create, with the runtime's name.
var containerScopes = []struct{ prefix, runtime string }{
	{"docker-", "docker"},
	{"cri-containerd-", "containerd"},
	{"crio-", "cri-o"},
	{"libpod-", "podman"},
	{"nerdctl-", "nerdctl"},
}

func isContainerScope(unit string) bool {
	for _, s := range containerScopes {
		if strings.HasPrefix(unit, s.prefix) && !strings.HasPrefix(unit, "libpod-conmon-") {
			return true
		}
	}
	return false
}

// containerOf finds a container in a cgroup path: its short id or name,
// and the runtime.
func containerOf(p string) (id, runtime string) {
	parts := strings.Split(p, "/")
	kube := false
	for i, part := range parts {
		for _, s := range containerScopes {
			if rest, ok := strings.CutPrefix(part, s.prefix); ok && strings.HasSuffix(rest, ".scope") &&
				!strings.HasPrefix(part, "libpod-conmon-") {
				if h := strings.TrimSuffix(rest, ".scope"); isHexID(h) {
					return shortID(h), s.runtime
				}
			}
		}
		next := ""
		if i+1 < len(parts) {
			next = parts[i+1]
		}
		switch {
		case (part == "docker" || part == "libpod_parent") && isHexID(next): // cgroup v1
			rt := "docker"
			if part == "libpod_parent" {
				rt = "podman"
			}
			return shortID(next), rt
		case strings.HasPrefix(part, "kubepods"):
			kube = true
		case kube && isHexID(part): // cgroup v1 kubelet: /kubepods/QOS/podUID/ID
			return shortID(part), "kubernetes"
		case strings.HasPrefix(part, "lxc.payload.") && len(part) > len("lxc.payload."):
			return strings.TrimPrefix(part, "lxc.payload."), "lxc"
		case (part == "lxc.payload" || part == "lxc") && next != "":
			return next, "lxc"
		case strings.HasPrefix(part, "systemd-nspawn@") && strings.HasSuffix(part, ".service"):
			return strings.TrimSuffix(strings.TrimPrefix(part, "systemd-nspawn@"), ".service"), "nspawn"
		}
	}
	return "", ""
}

// isHexID tells whether s is a container id: 32 to 64 hex digits.
func isHexID(s string) bool {
	if len(s) < 32 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// shortID is the 12-character form docker and podman show.
func shortID(id string) string { return id[:12] }
