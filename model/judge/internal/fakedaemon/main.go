// Command fakedaemon stands in for a real daemon in the verdict scenario
// test (model/judge): copied under the names and into the folders of real
// programs, it listens where it is told, may rename itself
// (prctl(PR_SET_NAME), as any program may), may delete its own
// executable, may hand its sockets to a shell, then prints "ready" and
// waits until its standard input closes.
//
//	fakedaemon -listen tcp:0.0.0.0:22,udp:[::]:5353 [-name sshd] [-delete] [-shell] [args...]
//
// Before "ready" it prints one "listening PROTO ADDRESS" line per socket
// (the port the OS chose for port 0). Extra arguments are ignored: they
// shape the command line, as a real program's would.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"syscall"
)

// The main goroutine stays on the main thread, whose name is the
// process's name (/proc/PID/comm).
func init() { runtime.LockOSThread() }

func main() {
	listen := flag.String("listen", "", "comma-separated PROTO:HOST:PORT to listen on (tcp or udp)")
	name := flag.String("name", "", "rename the process (prctl PR_SET_NAME)")
	del := flag.Bool("delete", false, "delete the executable once listening")
	shell := flag.Bool("shell", false, "hand the sockets to /bin/sh, which prints ready and waits")
	flag.Parse()
	if err := run(*listen, *name, *del, *shell); err != nil {
		fmt.Fprintln(os.Stderr, "fakedaemon:", err)
		os.Exit(1)
	}
}

func run(listen, name string, del, shell bool) error {
	if name != "" {
		if err := rename(name); err != nil {
			return fmt.Errorf("rename to %q: %w", name, err)
		}
	}
	var files []*os.File
	for _, spec := range strings.Split(listen, ",") {
		if spec == "" {
			continue
		}
		proto, addr, ok := strings.Cut(spec, ":")
		if !ok {
			return fmt.Errorf("%q is not PROTO:HOST:PORT", spec)
		}
		f, local, err := open(proto, addr)
		if err != nil {
			return err
		}
		files = append(files, f)
		fmt.Printf("listening %s %s\n", proto, local)
	}
	if del {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		if err := os.Remove(exe); err != nil {
			return fmt.Errorf("delete myself: %w", err)
		}
	}
	if shell {
		return handToShell(files)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, bufio.NewReader(os.Stdin))
	return nil
}

// open listens (tcp) or binds (udp), letting UDP sockets share a port as
// mDNS responders do.
func open(proto, addr string) (*os.File, string, error) {
	// An IPv4 address gets an IPv4 socket (Go would make 0.0.0.0 a
	// dual-stack [::]); an IPv6 one an IPv6-only socket, as daemons
	// listening on both do.
	if host, _, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
			proto += "4"
		} else if ip != nil {
			proto += "6"
		}
	}
	switch strings.TrimRight(proto, "46") {
	case "tcp":
		l, err := net.Listen(proto, addr)
		if err != nil {
			return nil, "", err
		}
		f, err := l.(*net.TCPListener).File()
		return f, l.Addr().String(), err
	case "udp":
		lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
			var serr error
			err := c.Control(func(fd uintptr) { serr = reuse(fd) })
			return errors.Join(err, serr)
		}}
		c, err := lc.ListenPacket(context.Background(), proto, addr)
		if err != nil {
			return nil, "", err
		}
		f, err := c.(*net.UDPConn).File()
		return f, c.LocalAddr().String(), err
	}
	return nil, "", fmt.Errorf("protocol %q is not tcp or udp", proto)
}
