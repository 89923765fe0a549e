//go:build !linux

package model

func raiseFileLimit(int) {}

func addPlatformSources(map[string]func() SocketSource) {}
