package update

import "fmt"

// SizeText is "16 MiB", "40 MiB", "1.1 MiB", "312 KiB", "512 bytes", "1 byte":
// the updater's messages and the update dialog's progress.
func SizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

func dateOrUnknown(s string) string {
	if s == "" {
		return "an unknown date"
	}
	return s
}
