package judge

import (
	"fmt"
	"regexp"
	"strings"
)

// glob is a name or path pattern of the knowledge: "*" stands for any
// characters but "/", "**" for any characters, "?" for one character.
// Matching ignores case, and backslashes count as slashes (Windows).
type glob struct {
	literal string         // the lower-cased pattern when it has no wildcard
	re      *regexp.Regexp // otherwise
}

func compileGlob(p string) (glob, error) {
	p = normPath(p)
	if p == "" {
		return glob{}, fmt.Errorf("an empty name or path")
	}
	if !strings.ContainsAny(p, "*?") {
		return glob{literal: p}, nil
	}
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch {
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case p[i] == '*':
			b.WriteString("[^/]*")
		case p[i] == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return glob{}, fmt.Errorf("pattern %q: %w", p, err)
	}
	return glob{re: re}, nil
}

// match tells whether a normalised name or path (normPath) matches.
func (g glob) match(s string) bool {
	if g.re == nil {
		return g.literal == s
	}
	return g.re.MatchString(s)
}

// normPath lower-cases and turns backslashes into slashes.
func normPath(p string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(p), `\`, "/"))
}
