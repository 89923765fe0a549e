// Package fynelocale decides when Fyne must be told the language: under
// Debian's default locale in containers and WSL, C.UTF-8 (or another C.*
// or POSIX.*), Fyne reads "C" as a language tag, cannot parse it and logs
// three "Error parsing user locale" lines. With LANGUAGE=en it falls back
// to English quietly, as programs under a C locale do; nothing else reads
// LANGUAGE under a C locale. It imports nothing of Portolan's or Fyne's
// (the package english, below it, is imported for its init alone).
package fynelocale

// NeedsEnglish tells whether, in the environment getenv reads, the locale
// for messages is C.* or POSIX.* and LANGUAGE is unset: then LANGUAGE=en
// keeps Fyne quiet. A plain C or POSIX Fyne reads quietly itself.
func NeedsEnglish(getenv func(string) string) bool {
	if getenv("LANGUAGE") != "" {
		return false
	}
	locale := ""
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = getenv(name); locale != "" {
			break
		}
	}
	return hasPrefix(locale, "C.") || hasPrefix(locale, "POSIX.")
}

// hasPrefix is strings.HasPrefix; the package english must initialise
// before Fyne's lang, so this one imports as little as it can.
func hasPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && s[:len(prefix)] == prefix
}
