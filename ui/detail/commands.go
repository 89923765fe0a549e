package detail

import "fmt"

// checkCommand is the command that shows, on the system goos (a
// runtime.GOOS value), who listens on the ports lo..hi (one port when lo ==
// hi), and the system's name for people.
func checkCommand(goos string, lo, hi uint16) (command, system string) {
	one := lo == hi
	switch goos {
	case "linux", "android":
		if one {
			return fmt.Sprintf("ss -ltnup 'sport = :%d'", lo), "Linux"
		}
		return fmt.Sprintf("ss -ltnup 'sport >= :%d and sport <= :%d'", lo, hi), "Linux"
	case "windows":
		if one {
			return fmt.Sprintf("netstat -ano | findstr :%d", lo), "Windows"
		}
		return fmt.Sprintf("Get-NetTCPConnection -State Listen | Where-Object { $_.LocalPort -ge %d -and $_.LocalPort -le %d }", lo, hi), "Windows PowerShell"
	case "freebsd":
		if one {
			return fmt.Sprintf("sockstat -l -p %d", lo), "FreeBSD"
		}
		return fmt.Sprintf("sockstat -l -p %d-%d", lo, hi), "FreeBSD"
	}
	system = "macOS"
	if goos != "darwin" && goos != "ios" {
		system = goos
	}
	if one {
		return fmt.Sprintf("lsof -nP -i :%d", lo), system
	}
	return fmt.Sprintf("lsof -nP -i :%d-%d", lo, hi), system
}
