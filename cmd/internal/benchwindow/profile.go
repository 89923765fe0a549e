//go:build profile

package main

import "github.com/portolan/portolan/cmd/internal/profiling"

// Built with -tags profile (scripts/bench-window.sh sets it when asked):
// PORTOLAN_PROFILE=PREFIX writes pprof files of the running window.
func init() { profiling.FromEnv() }
