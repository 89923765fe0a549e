// Package update fetches IANA's registry into the cache folder and keeps
// it: the download and its checks (Updater, Result; RegistryCheck compares
// the download with the registry in use, ShrinkCheck by default), the cache
// folder's layout and metadata (CacheDir, CacheMeta, LoadCached, which
// refuses a copy that does not match its recorded SHA-256 and opens the
// registry from the compact form made at install: compact.go), and how often a
// background check may run (CheckDue). Which registry is in use is
// model.LoadRegistry's choice, which reads the cache through this package.
//
// It imports registry and model/internal/fsutil; it must not import model
// (which imports it), Fyne, ui or cmd.
package update
