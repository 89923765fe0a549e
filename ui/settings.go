package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// SettingsPath is where Fyne keeps this app's preferences on desktops:
// the user's config folder, fyne/APPID/preferences.json.
func SettingsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "fyne", AppID, "preferences.json"), nil
}

// RescueSettings checks the preferences file before Fyne reads it. Fyne
// would log a damaged file and then overwrite it with defaults; instead the
// damaged file is kept aside as .bak (never deleted) and the returned notice
// tells the user. An empty notice means all was well.
func RescueSettings(path string) string {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		return fmt.Sprintf("Your settings file %s cannot be read (%v). Portolan starts with default settings and may not be able to save them.", path, err)
	}
	var values map[string]any
	if len(data) == 0 || json.Unmarshal(data, &values) == nil {
		return ""
	}
	aside := path + ".bak"
	for i := 1; ; i++ {
		if _, err := os.Stat(aside); errors.Is(err, os.ErrNotExist) {
			break
		}
		aside = path + ".bak." + strconv.Itoa(i)
	}
	if err := os.Rename(path, aside); err != nil {
		return fmt.Sprintf("Your settings file %s is damaged and could not be moved aside (%v). Portolan starts with default settings.", path, err)
	}
	return fmt.Sprintf("Your settings file was damaged, so Portolan starts with default settings. The damaged file is kept as %s.", aside)
}
