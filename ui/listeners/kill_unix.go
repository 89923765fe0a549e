//go:build !windows

package listeners

// askFirst: SIGTERM asks the process to end; SIGKILL is offered next.
const askFirst = true
