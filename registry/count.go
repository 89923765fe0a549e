package registry

import "strconv"

// Thousands writes n with commas: 14,500. It lives here, the lowest
// package, so that the registry's diff summary, the updater's messages and
// the window's counts share one.
func Thousands[N ~int | ~int64](n N) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}
