// Package textfmt writes numbers for people, the same way in every view of
// the window. It imports only the standard library.
package textfmt

import (
	"strconv"
	"strings"
)

// Thousands writes n with commas: 14,500.
func Thousands(n int) string {
	s := []byte(strings.TrimPrefix(strconv.Itoa(n), "-"))
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Plural is "1 host" or "12,345 hosts": n and the word, in the plural
// (one+"s") unless n is 1.
func Plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(n) + " " + one + "s"
}
