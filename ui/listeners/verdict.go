package listeners

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/model/listen"
)

// How the panel shows a verdict: the severity in words and in colour, the
// reasons with their sentences, who the program is, and what an approval
// did. The table's layout (columns, widths) draws on these and may change
// without touching them.

// SeverityColor is the theme colour a severity's word is written in, the
// one place that chooses it: alerts in the error colour (vermilion-red),
// notices in the primary colour (blue), which colour-blind eyes tell apart
// by lightness too; the word always says it as well. A calm row keeps
// the foreground ("").
func SeverityColor(s listen.Severity) fyne.ThemeColorName {
	switch s {
	case listen.SeverityAlert:
		return theme.ColorNameError
	case listen.SeverityNotice:
		return theme.ColorNamePrimary
	}
	return ""
}

// SeverityWord is the severity as the panel writes it: "▲ alert",
// "notice", or "ok" for a listener with nothing to look at.
func SeverityWord(s listen.Severity) string {
	switch s {
	case listen.SeverityAlert:
		return "▲ alert"
	case listen.SeverityNotice:
		return "notice"
	}
	return "ok"
}

// ReasonLines are the listener's reasons, each with its sentence:
// "executable deleted (alert): The program's file was deleted ...".
func ReasonLines(l *listen.Listener) []string {
	out := make([]string, len(l.Findings))
	for i, f := range l.Findings {
		out[i] = string(f.Reason) + " (" + f.Severity.String() + "): " + f.Reason.Explain()
	}
	return out
}

// verdictDetails is the part of the details under the table that says
// why the listener has its severity: each reason with its sentence.
func verdictDetails(l *listen.Listener) string {
	if len(l.Findings) == 0 {
		return "ok: nothing to look at."
	}
	return strings.Join(ReasonLines(l), "\n")
}

// approvedText is the feedback of an approval, short enough for the
// window's notice: what the approval covers (one listener) or how many
// were approved, and whether the rows are calm now.
func approvedText(what string, added int, keys []string, calm bool) string {
	s := "Approved " + what
	switch {
	case len(keys) == 1:
		s = "Approved " + keys[0]
	case added == 0:
		s += " (all were approved already)"
	}
	if calm {
		return s + ": calm from now on."
	}
	return s + "; reasons saying a program is not what it claims stay."
}
