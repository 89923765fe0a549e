package fleetui

import "github.com/portolan/portolan/registry"

// plural is "1 host" or "12,345 hosts": n and the word, with an s unless
// n is 1.
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return registry.Thousands(n) + " " + one + "s"
}
