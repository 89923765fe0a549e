//go:build !linux

package main

import (
	"errors"
	"os"
)

var errLinux = errors.New("only on Linux")

func rename(string) error          { return errLinux }
func reuse(uintptr) error          { return nil }
func handToShell([]*os.File) error { return errLinux }
