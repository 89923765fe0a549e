//go:build !unix

package main

func execProcess(path string, argv, env []string) error { return errNoExec }
