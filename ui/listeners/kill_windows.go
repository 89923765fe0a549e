//go:build windows

package listeners

// askFirst: Windows has no SIGTERM to send another program; ending a
// process terminates it at once.
const askFirst = false
