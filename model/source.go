package model

import (
	"github.com/portolan/portolan/registry"
)

// LoadRegistry opens the registry a user asked for: the file at path (CSV,
// XML or services format), or the embedded snapshot when path is empty.
func LoadRegistry(path string) (*registry.Registry, error) {
	if path != "" {
		return registry.LoadFile(path)
	}
	return registry.Embedded()
}
