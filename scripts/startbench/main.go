// Command startbench times whole processes for scripts/bench-startup.sh.
//
//	startbench pairs -n 300 -target 2 -a "hello" -b "portolan-cli port 22"
//	startbench pairs -a "portolan-cli port 22" -b "portolan-cli port 22" -benv PORTOLAN_CACHE_DIR=/tmp/c
//	startbench listen -n 1000
//	startbench serve -file service-names-port-numbers.csv
//
// pairs runs A and B one after the other, n times (which goes first
// alternates), and prints each one's median wall time and the median of the
// per-pair ratios B/A: both see the same machine at nearly the same moment,
// which on a shared machine says more than two separate medians. Each run is
// a fork and exec from this process, as from a script, with output to
// /dev/null; -aenv and -benv add VAR=VALUE to one side's environment. A
// command that fails stops the benchmark.
//
// listen holds n TCP listening sockets on 127.0.0.1 (ports chosen by the
// kernel), prints "ready" and waits until its standard input closes.
//
// serve serves one file over HTTP on 127.0.0.1 (a port chosen by the
// kernel), prints its address and waits until its standard input closes.
//
// It must not import anything of Portolan: it measures it from outside.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: startbench pairs|listen|serve ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "pairs":
		err = pairs(os.Args[2:])
	case "listen":
		err = listen(os.Args[2:])
	case "serve":
		err = serve(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "startbench:", err)
		os.Exit(1)
	}
}

func pairs(args []string) error {
	fs := flag.NewFlagSet("pairs", flag.ContinueOnError)
	n := fs.Int("n", 300, "pairs to run")
	warm := fs.Int("warmup", 20, "unmeasured pairs first")
	target := fs.Float64("target", 0, "the ratio B/A asked for (printed beside the result)")
	a := fs.String("a", "", "command A (the reference), words split on spaces")
	b := fs.String("b", "", "command B")
	var envA, envB []string
	fs.Func("aenv", "VAR=VALUE for command A (repeatable)", appendEnv(&envA))
	fs.Func("benv", "VAR=VALUE for command B (repeatable)", appendEnv(&envB))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *a == "" || *b == "" || *n < 1 {
		return fmt.Errorf("give -a, -b and -n >= 1")
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer null.Close()
	cmdA, cmdB := strings.Fields(*a), strings.Fields(*b)
	var ta, tb, ratios []float64
	for i := -*warm; i < *n; i++ {
		var da, db time.Duration
		if i%2 == 0 {
			if da, err = timeRun(cmdA, envA, null); err == nil {
				db, err = timeRun(cmdB, envB, null)
			}
		} else {
			if db, err = timeRun(cmdB, envB, null); err == nil {
				da, err = timeRun(cmdA, envA, null)
			}
		}
		if err != nil {
			return err
		}
		if i >= 0 {
			ta, tb = append(ta, ms(da)), append(tb, ms(db))
			ratios = append(ratios, float64(db)/float64(da))
		}
	}
	verdict := ""
	if *target > 0 {
		verdict = fmt.Sprintf(" (target <= %.1f: %s)", *target, map[bool]string{true: "met", false: "NOT met"}[median(ratios) <= *target])
	}
	fmt.Printf("%-40s %7.2f ms | %-40s %7.2f ms | B/A median %.2f, quartiles %.2f-%.2f, %d pairs%s\n",
		withEnv(*a, envA), median(ta), withEnv(*b, envB), median(tb), median(ratios), quantile(ratios, 0.25), quantile(ratios, 0.75), *n, verdict)
	return nil
}

func appendEnv(env *[]string) func(string) error {
	return func(v string) error {
		if !strings.Contains(v, "=") {
			return fmt.Errorf("%q is not VAR=VALUE", v)
		}
		*env = append(*env, v)
		return nil
	}
}

// withEnv names a command with the variables set for it.
func withEnv(cmd string, env []string) string {
	if len(env) == 0 {
		return cmd
	}
	return strings.Join(env, " ") + " " + cmd
}

func timeRun(argv, env []string, out *os.File) (time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", strings.Join(argv, " "), err)
	}
	return d, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(v []float64) float64 { return quantile(v, 0.5) }

func quantile(v []float64, q float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

func listen(args []string) error {
	fs := flag.NewFlagSet("listen", flag.ContinueOnError)
	n := fs.Int("n", 1000, "listening sockets")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ls := make([]net.Listener, 0, *n)
	for i := 0; i < *n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("socket %d of %d: %w (raise ulimit -n)", i+1, *n, err)
		}
		ls = append(ls, l)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, bufio.NewReader(os.Stdin))
	for _, l := range ls {
		l.Close()
	}
	return nil
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	file := fs.String("file", "", "the file to serve")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Write(data)
	}))
	fmt.Printf("http://%s/%s\n", l.Addr(), filepath.Base(*file))
	io.Copy(io.Discard, bufio.NewReader(os.Stdin))
	return l.Close()
}
