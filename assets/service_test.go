package assets

import (
	"encoding/xml"
	"os"
	"strings"
	"testing"
)

// The recorder's service files run `portolan record` and are well formed.
func TestRecorderServiceFiles(t *testing.T) {
	t.Parallel()
	unit, err := os.ReadFile("portolan-record.service")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	var execStart string
	for _, line := range strings.Split(string(unit), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			sections[line] = true
		case strings.HasPrefix(line, "ExecStart="):
			execStart = strings.TrimPrefix(line, "ExecStart=")
		}
	}
	if !sections["[Unit]"] || !sections["[Service]"] || !sections["[Install]"] || execStart != "/usr/bin/portolan record" {
		t.Errorf("systemd unit: sections %v, ExecStart %q", sections, execStart)
	}

	plist, err := os.ReadFile("io.github.portolan.record.plist")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Dict struct {
			Items []struct {
				XMLName xml.Name
				Value   string   `xml:",chardata"`
				Strings []string `xml:"string"`
			} `xml:",any"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(plist, &doc); err != nil {
		t.Fatalf("launchd plist: %v", err)
	}
	var label string
	var args []string
	items := doc.Dict.Items
	for i := 0; i+1 < len(items); i++ {
		if items[i].XMLName.Local != "key" {
			continue
		}
		switch items[i].Value {
		case "Label":
			label = items[i+1].Value
		case "ProgramArguments":
			args = items[i+1].Strings
		}
	}
	if label != "io.github.portolan.record" || len(args) != 2 || !strings.HasSuffix(args[0], "/portolan") || args[1] != "record" {
		t.Errorf("launchd plist: label %q, arguments %q", label, args)
	}
}
