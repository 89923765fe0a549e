//go:build unix

package main

import "syscall"

// execProcess replaces this process with path; it returns only on failure.
func execProcess(path string, argv, env []string) error {
	return syscall.Exec(path, argv, env)
}
