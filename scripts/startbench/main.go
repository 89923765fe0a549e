// Command startbench times whole processes for scripts/bench-startup.sh.
//
//	startbench pairs -n 300 -target 2 -a "hello" -b "portolan-cli port 22"
//	startbench listen -n 1000
//
// pairs runs A and B one after the other, n times (which goes first
// alternates), and prints each one's median wall time and the median of the
// per-pair ratios B/A: both see the same machine at nearly the same moment,
// which on a shared machine says more than two separate medians. Each run is
// a fork and exec from this process, as from a script, with output to
// /dev/null. A command that fails stops the benchmark.
//
// listen holds n TCP listening sockets on 127.0.0.1 (ports chosen by the
// kernel), prints "ready" and waits until its standard input closes.
//
// It must not import anything of Portolan: it measures it from outside.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: startbench pairs|listen ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "pairs":
		err = pairs(os.Args[2:])
	case "listen":
		err = listen(os.Args[2:])
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
			if da, err = timeRun(cmdA, null); err == nil {
				db, err = timeRun(cmdB, null)
			}
		} else {
			if db, err = timeRun(cmdB, null); err == nil {
				da, err = timeRun(cmdA, null)
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
		*a, median(ta), *b, median(tb), median(ratios), quantile(ratios, 0.25), quantile(ratios, 0.75), *n, verdict)
	return nil
}

func timeRun(argv []string, out *os.File) (time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
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
