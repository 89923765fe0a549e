//go:build !linux

package listen

func raiseFileLimit(int) {}

func addPlatformSources(map[string]func() SocketSource) {}
