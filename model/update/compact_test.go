package update_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
)

// compactState is the compact file of dir and what the metadata says of it.
func compactState(t *testing.T, dir string) ([]byte, os.FileInfo, update.CacheMeta) {
	t.Helper()
	path := filepath.Join(dir, update.CompactName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no compact form: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := update.ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	return data, fi, meta
}

// namesCompact fails unless meta names data as the cached download's
// compact form.
func namesCompact(t *testing.T, meta update.CacheMeta, data []byte) {
	t.Helper()
	sum, ok := registry.CompactChecksum(data)
	if !ok || meta.CompactCRC != fmt.Sprintf("%08x", sum) || meta.CompactSize != int64(len(data)) {
		t.Errorf("the metadata names compact form %q of %d bytes; the file is %08x (%v) of %d bytes",
			meta.CompactCRC, meta.CompactSize, sum, ok, len(data))
	}
}

// An installed download gets its compact form beside it, named in the
// metadata, and a load answers from that form rather than from the CSV: a
// compact form made from an edited copy of the CSV (and named in the
// metadata as an install would) gives the edited description, although
// the CSV itself, unchanged, passes its SHA-256 check.
func TestCachedDownloadOpensItsCompactForm(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	body := updSeed(t, dir)
	data, _, meta := compactState(t, dir)
	namesCompact(t, meta, data)
	reg, _, err := update.LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := reg.Compact(); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the compact form on disk is not the registry the CSV gives (%v)", err)
	}
	if r := reg.Primary(1, registry.TCP); r == nil || r.Description != "Synthetic service 1" {
		t.Fatalf("port 1/tcp: %+v", r)
	}

	edited := bytes.Replace(body, []byte(",Synthetic service 1,"), []byte(",From the compact form,"), 1)
	other, err := registry.ParseFormat(bytes.NewReader(edited), registry.FormatCSV, "edited")
	if err != nil {
		t.Fatal(err)
	}
	otherData, err := other.Compact()
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := registry.CompactChecksum(otherData)
	meta.CompactCRC, meta.CompactSize = fmt.Sprintf("%08x", sum), int64(len(otherData))
	if err := os.WriteFile(filepath.Join(dir, update.CompactName), otherData, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := update.WriteMeta(dir, meta); err != nil {
		t.Fatal(err)
	}
	reg, choice := updInUse(t, dir)
	if choice.Origin != model.OriginCache || choice.Note != "" {
		t.Fatalf("in use: %+v", choice)
	}
	if r := reg.Primary(1, registry.TCP); r == nil || r.Description != "From the compact form" {
		t.Errorf("port 1/tcp: %+v; want the compact form's description", r)
	}
}

// A compact form that is damaged, cut short, missing, or not the one the
// metadata names (an earlier download's) is passed over without a word:
// the CSV is parsed after its SHA-256 check and the compact form written
// again, the same bytes as at install, which the next load then opens (it
// is not written a second time).
func TestDamagedCompactFormFallsBackAndIsRewritten(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	earlier := filepath.Join(base, "earlier")
	updSeed(t, earlier)
	stale, _, _ := compactState(t, earlier)
	for name, spoil := range map[string]func(good []byte) []byte{
		"a byte changed": func(good []byte) []byte {
			out := bytes.Clone(good)
			out[len(out)/2] ^= 0x55
			return out
		},
		"cut short": func(good []byte) []byte { return good[:len(good)/3] },
		"missing":   func([]byte) []byte { return nil },
		"empty":     func([]byte) []byte { return []byte{} },
		"stale":     func([]byte) []byte { return stale },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(base, strings.ReplaceAll(name, " ", "-"))
			body := updSeedBody(t, dir, "2026-01-01")
			good, _, meta := compactState(t, dir)
			path := filepath.Join(dir, update.CompactName)
			if bad := spoil(good); bad == nil {
				os.Remove(path)
			} else if err := os.WriteFile(path, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			reg, choice := updInUse(t, dir)
			if choice.Origin != model.OriginCache || choice.Note != "" {
				t.Fatalf("in use: %+v", choice)
			}
			want, err := registry.ParseFormat(bytes.NewReader(body), registry.FormatCSV, "want")
			if err != nil {
				t.Fatal(err)
			}
			if reg.Len() != want.Len() || reg.Primary(7, registry.UDP).Description != want.Primary(7, registry.UDP).Description {
				t.Errorf("%d records, 7/udp %q; want %d, %q", reg.Len(), reg.Primary(7, registry.UDP).Description,
					want.Len(), want.Primary(7, registry.UDP).Description)
			}
			again, fi, metaAfter := compactState(t, dir)
			if !bytes.Equal(again, good) {
				t.Error("the compact form written again is not the one made at install")
			}
			if metaAfter != meta {
				t.Errorf("the metadata changed:\n%+v\nwas\n%+v", metaAfter, meta)
			}
			if _, _, err := update.LoadCached(dir); err != nil {
				t.Fatal(err)
			}
			if _, fi2, _ := compactState(t, dir); !os.SameFile(fi, fi2) {
				t.Error("the next load wrote the compact form again: it did not open it")
			}
			updNoTemp(t, dir)
		})
	}
}

// updSeedBody seeds dir with a synthetic download of the given date and
// returns it.
func updSeedBody(t *testing.T, dir, date string) []byte {
	t.Helper()
	body := updSynthetic(updSeedRecords, date)
	srv := updServer(t, &updServe{body: body})
	u := &update.Updater{URL: srv.URL + "/seed.csv", CacheDir: dir, Force: true} // made up: the registry check would refuse it
	if res, err := u.Update(t.Context(), nil); err != nil || res.Outcome != update.Replaced {
		t.Fatalf("seeding the cache: %+v %v", res, err)
	}
	return body
}

// A cache installed before compact forms (metadata without one, no file)
// gets its compact form at the first load, named in the metadata.
func TestCacheFromBeforeCompactFormsGetsOne(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	updSeed(t, dir)
	os.Remove(filepath.Join(dir, update.CompactName))
	meta, err := update.ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	meta.CompactCRC, meta.CompactSize = "", 0
	if err := update.WriteMeta(dir, meta); err != nil {
		t.Fatal(err)
	}
	if _, choice := updInUse(t, dir); choice.Origin != model.OriginCache || choice.Note != "" {
		t.Fatalf("in use: %+v", choice)
	}
	data, fi, after := compactState(t, dir)
	namesCompact(t, after, data)
	if after.SHA256 != meta.SHA256 || after.Fetched != meta.Fetched {
		t.Errorf("the metadata lost the download's details: %+v", after)
	}
	if _, _, err := update.LoadCached(dir); err != nil {
		t.Fatal(err)
	}
	if _, fi2, _ := compactState(t, dir); !os.SameFile(fi, fi2) {
		t.Error("the next load wrote the compact form again: it did not open it")
	}
}

// A good compact form does not vouch for a damaged CSV: the CSV's SHA-256
// is checked at every load, and a mismatch still means the embedded
// snapshot, with the note.
func TestDamagedCSVBesideGoodCompactFallsBackToEmbedded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	body := updSeed(t, dir)
	good, _, meta := compactState(t, dir)
	path := filepath.Join(dir, update.CachedCSVName)
	for name, damaged := range map[string][]byte{
		"same size": bytes.Replace(body, []byte("synth1,"), []byte("synth9,"), 1),
		"cut short": body[:len(body)/2],
	} {
		if err := os.WriteFile(path, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := registry.OpenCompact(good); err != nil {
			t.Fatalf("%s: the compact form itself is bad: %v", name, err)
		}
		namesCompact(t, meta, good)
		reg, choice := updInUse(t, dir)
		if choice.Origin != model.OriginEmbedded || !strings.Contains(choice.Note, "the cached download "+path+" is damaged: ") ||
			!strings.HasSuffix(choice.Note, "; using the embedded snapshot until an update fetches the registry again") {
			t.Errorf("%s: in use %+v", name, choice)
		}
		if r := reg.Primary(22, registry.TCP); r == nil || r.Service != "ssh" {
			t.Errorf("%s: 22/tcp is %+v, not the embedded snapshot's ssh", name, r)
		}
		if _, _, err := update.LoadCached(dir); !errors.Is(err, update.ErrCacheDamaged) {
			t.Errorf("%s: LoadCached = %v, want ErrCacheDamaged", name, err)
		}
	}
}
