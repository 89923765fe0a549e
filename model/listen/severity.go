package listen

import "fmt"

// Severity says how much a listener deserves a look. The window colours
// rows by it; the status bar, the map marks and notifications count
// alerts only.
type Severity uint8

const (
	// SeverityNone: an ordinary listener of a known program.
	SeverityNone Severity = iota
	// SeverityNotice: worth knowing (wider than usual, unknown program on
	// loopback, ...), not a sign of intrusion.
	SeverityNotice
	// SeverityAlert: a sign that something is not what it claims to be, or
	// an unexpected program others can reach.
	SeverityAlert
)

var severityNames = [...]string{"none", "notice", "alert"}

// String is "none", "notice" or "alert".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", s)
}

// MarshalText writes the word (JSON "severity" key).
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the word.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err == nil {
		*s = v
	}
	return err
}

// ParseSeverity reads "none", "notice" or "alert".
func ParseSeverity(word string) (Severity, error) {
	for i, n := range severityNames {
		if n == word {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("severity %q is not none, notice or alert", word)
}
