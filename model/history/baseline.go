package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/portolan/portolan/model/internal/fsutil"
)

// MigratedSuffix is added to baseline.json once its approvals are in the
// history.
const MigratedSuffix = ".migrated"

// baselineJSON is the file model.Baseline wrote (format version 1): every
// field is read, so nothing of it is lost.
type baselineJSON struct {
	Version  int `json:"version"`
	Approved []struct {
		Protocol string    `json:"protocol"`
		Address  string    `json:"address"`
		Port     uint16    `json:"port"`
		Process  string    `json:"process"`
		Exe      string    `json:"exe"`
		User     string    `json:"user"`
		Approved time.Time `json:"approved"`
	} `json:"approved"`
}

// importBaselineFile moves the approvals of a baseline.json into the
// history and renames the file to baseline.json.migrated. A file that
// cannot be read is left where it is, with a notice (returned as the
// error). Importing twice adds nothing: an approval already there is kept
// once.
func (s *Store) importBaselineFile(ctx context.Context, path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("the baseline %s could not be read (%v); its approvals are not in the history yet", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("the baseline %s could not be read (%v); its approvals are not in the history yet", path, err)
	}
	as, err := parseBaselineJSON(data, st.ModTime(), s.opts.IsEphemeral)
	if err != nil {
		return fmt.Errorf("the baseline %s could not be imported (%v); it is left unchanged", path, err)
	}
	// An empty baseline was still made: "new since the baseline" starts
	// at the file's time.
	made := st.ModTime()
	for _, a := range as {
		if a.Approved.Before(made) {
			made = a.Approved
		}
	}
	added, err := s.addApprovals(ctx, as, made)
	if err != nil {
		return fmt.Errorf("the baseline %s could not be imported (%v); it is left unchanged", path, err)
	}
	kept, err := fsutil.RenameFree(path, path+MigratedSuffix)
	if err != nil && !errors.Is(err, fs.ErrNotExist) { // another process renamed it first
		return fmt.Errorf("the baseline's %d approvals are in the history, but %s could not be renamed (%v)", len(as), path, err)
	}
	s.addNotice(fmt.Sprintf("The baseline's %d approvals (%d new) moved into the history; the old file was kept as %s.", len(as), added, kept))
	return nil
}

// parseBaselineJSON reads a baseline.json into approvals: an entry with an
// executable becomes an approval of that executable (its port "ephemeral"
// when isEphemeral says so); one without keeps matching by address, port
// and process, as it did.
func parseBaselineJSON(data []byte, fileTime time.Time, isEphemeral func(uint16) bool) ([]Approval, error) {
	var doc baselineJSON
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Version > 1 {
		return nil, fmt.Errorf("version %d was written by a newer Portolan", doc.Version)
	}
	if doc.Version < 1 {
		return nil, errors.New(`no "version"`)
	}
	as := make([]Approval, 0, len(doc.Approved))
	for i, e := range doc.Approved {
		proto := strings.ToLower(e.Protocol)
		if proto != "tcp" && proto != "udp" {
			return nil, fmt.Errorf("entry %d: protocol %q is not tcp or udp", i+1, e.Protocol)
		}
		if e.Address == "" {
			return nil, fmt.Errorf("entry %d: no address", i+1)
		}
		o := Observation{Protocol: proto, Address: e.Address, Port: e.Port, Scope: ScopeOfAddress(e.Address),
			Process: e.Process, Exe: e.Exe, User: e.User}
		o.Ephemeral = isEphemeral != nil && isEphemeral(e.Port)
		approved := e.Approved
		if approved.IsZero() {
			approved = fileTime
		}
		a := approvalOf(&o, approved)
		a.Origin = "baseline.json"
		as = append(as, a)
	}
	return as, nil
}

// ScopeOfAddress is the scope of a listening address as people write it:
// "loopback", "all" (0.0.0.0, ::) or "address" (one address, or one
// interface with %name).
func ScopeOfAddress(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil || ip.Zone() != "" {
		return "address"
	}
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsUnspecified():
		return "all"
	}
	return "address"
}
