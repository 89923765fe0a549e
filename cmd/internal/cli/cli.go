// Package cli is Portolan's command line: the subcommands that run without a
// window (port, search, registry, listeners, watch, history, record, fleet). Both binaries in cmd/
// import it, and nothing else can (it is internal to cmd/). It imports the
// model packages and registry, never Fyne or ui, so it builds without cgo
// for servers (cmd/portolan-cli) as well as inside the desktop binary.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/record"
	"github.com/portolan/portolan/registry"
)

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	// RegistryPath is the global --registry FILE ("" for the default).
	RegistryPath string
	// LoadRegistry opens the registry and says where it came from; nil is
	// model.LoadRegistry.
	LoadRegistry func(path string) (*registry.Registry, model.RegistryChoice, error)

	// Seams for tests; nil is the real thing. sockets is the OS behind
	// `listeners` and `watch`, watchContext what stops `watch` (Ctrl-C or
	// SIGTERM), overlays the system's other port lists.
	sockets      func() listen.SocketSource
	watchContext func() (context.Context, context.CancelFunc)
	overlays     func() *model.Overlays
	// historyPath is the listener history's file (record.DefaultPath).
	historyPath func() (string, error)
	// fleetJudge judges the listeners of `fleet` over the registry the
	// command loaded (newFleetJudge).
	fleetJudge func(env *Env, reg *registry.Registry) func(r *fleet.Row) (severity string, reasons []string)
	// identity says who listening processes are; nil is the setup's
	// reader of this machine, a func returning nil identifies nobody
	// (fake sockets carry their own facts).
	identity func() *identity.Reader
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(env *Env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"port", "port N [--proto tcp|udp|sctp|dccp] [--json]: everything about one port", runPort},
		{"search", "search QUERY [--limit N] [--json]: find ports by number, range, name or words", runSearch},
		{"registry", "registry info [--json] | update [--from URL] [--force] [--json] | diff OLD NEW [--json]: the registry in use, an update from IANA, what changed", runRegistry},
		{"listeners", "listeners [--json|--csv] [--flagged] [--approve] [FILTER]: the sockets listening on this machine, who holds them, a severity (alert, notice, none) and the reasons", runListeners},
		{"watch", "watch [--interval 1s] [--json] [--no-record] [FILTER]: report listeners as they appear, go or change (and record them in the history)", runWatch},
		{"history", "history [--since DURATION] [--json|--csv] [FILTER] | history --listeners [--json|--csv] [FILTER]: the recorded events, oldest first, or every listener with when it was first and last seen", runHistory},
		{"record", "record [--interval 5s] [--retention 90d] [--quiet]: record the listeners into the history until stopped (the user service)", runRecord},
		{"fleet", "fleet summary|rare|port N PATH... [--max-hosts K] [--hosts PATTERN] [--max-rows N] [--json] | fleet pack [--sql]: many hosts' listening ports, from osquery's results", runFleet},
	}
}

// errUsage marks errors that come with the usage text.
var errUsage = errors.New("usage")

// Run runs the subcommand in args[0] and returns the exit code: 0 for
// success, 1 for an error, 2 for a usage error.
func Run(env *Env, args []string) int {
	if env.LoadRegistry == nil {
		env.LoadRegistry = model.LoadRegistry
	}
	if env.sockets == nil {
		env.sockets = listen.NewSystemSource
	}
	if env.watchContext == nil {
		env.watchContext = func() (context.Context, context.CancelFunc) {
			return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		}
	}
	if env.overlays == nil {
		env.overlays = model.DiscoverOverlays
	}
	if env.historyPath == nil {
		env.historyPath = record.DefaultPath
	}
	if env.fleetJudge == nil {
		env.fleetJudge = newFleetJudge
	}
	if len(args) == 0 || args[0] == "help" {
		Usage(env.Stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(env, args[1:])
			if err == nil {
				return 0
			}
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintf(env.Stderr, "portolan %s: %v\n", c.name, err)
			if errors.Is(err, errUsage) {
				fmt.Fprintf(env.Stderr, "usage: portolan %s\n", c.summary)
				return 2
			}
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "portolan: unknown command %q\n", args[0])
	Usage(env.Stderr)
	return 2
}

// Usage prints the list of subcommands.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "usage: portolan [--registry FILE] [--select N] [--fleet PATH]...   open the window (with osquery results)")
	fmt.Fprintln(w, "       portolan [--registry FILE] COMMAND [ARGS]          run without a window")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %s\n", c.summary)
	}
}

func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

// newFlags makes a flag set that reports errors as values, not exits.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseInterspersed lets flags follow positional arguments ("port 22
// --json"). A negative number is an argument, not an unknown flag ("port
// -1" is out of range; "listeners -22" is a filter), unless it is the value
// of the flag before it ("--limit -1").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		head, rest := args, []string(nil)
		if i := negativeNumberArg(fs, args); i >= 0 {
			head, rest = args[:i], args[i:]
		}
		if err := fs.Parse(head); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageErr("%v", err)
		}
		if left := fs.Args(); len(left) > 0 {
			args = append(left[1:len(left):len(left)], rest...)
			positional = append(positional, left[0])
			continue
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// negativeNumberArg is the index of the first argument like "-1" that is
// not a flag's value, or -1.
func negativeNumberArg(fs *flag.FlagSet, args []string) int {
	for i, a := range args {
		if a == "--" {
			return -1
		}
		if len(a) < 2 || a[0] != '-' || strings.Trim(a[1:], "0123456789") != "" {
			continue
		}
		if i > 0 && takesValue(fs, args[i-1]) {
			continue
		}
		return i
	}
	return -1
}

// takesValue tells whether arg is a flag that reads the next argument as
// its value (not a bool flag, no "=value" of its own).
func takesValue(fs *flag.FlagSet, arg string) bool {
	if !strings.HasPrefix(arg, "-") || strings.Contains(arg, "=") {
		return false
	}
	f := fs.Lookup(strings.TrimLeft(arg, "-"))
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

func (env *Env) space() (*model.Space, error) {
	reg, choice, err := env.LoadRegistry(env.RegistryPath)
	if err != nil {
		return nil, err
	}
	if choice.Note != "" {
		// A damaged cached download: the answers come from the embedded
		// snapshot, and the user must know.
		fmt.Fprintf(env.Stderr, "portolan: note: %s\n", choice.Note)
	}
	return model.NewSpace(reg), nil
}

// ParsePortArg reads a port number argument with a message people follow.
func ParsePortArg(s string) (uint16, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a port number (0-65535)", s)
	}
	if n < 0 || n > 65535 {
		return 0, fmt.Errorf("port %d is out of range: ports run from 0 to 65535", n)
	}
	return uint16(n), nil
}

func runPort(env *Env, args []string) error {
	fs := newFlags("port")
	proto := fs.String("proto", "", "tcp, udp, sctp or dccp (default: all)")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("give one port number")
	}
	port, err := ParsePortArg(pos[0])
	if err != nil {
		return err
	}
	p, err := registry.ParseProtocol(*proto)
	if err != nil {
		return err
	}
	space, err := env.space()
	if err != nil {
		return err
	}
	answer := space.Answer(port, p)
	if *asJSON {
		return export.WriteJSON(env.Stdout, answer)
	}
	return export.WritePortText(env.Stdout, space, answer)
}

func runSearch(env *Env, args []string) error {
	fs := newFlags("search")
	limit := fs.Int("limit", 20, "at most N results (0: all)")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageErr("give something to search for")
	}
	if *limit < 0 {
		return usageErr("--limit must be 0 or more")
	}
	space, err := env.space()
	if err != nil {
		return err
	}
	hits := space.Reg.Search(strings.Join(pos, " "), *limit)
	if *asJSON {
		if hits == nil {
			hits = []registry.Hit{}
		}
		return export.WriteJSON(env.Stdout, hits)
	}
	if len(hits) == 0 {
		fmt.Fprintf(env.Stdout, "Nothing found for %q.\n", strings.Join(pos, " "))
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PORT\tPROTOCOL\tSERVICE\tDESCRIPTION\tSCORE")
	for _, h := range hits {
		ports := strconv.Itoa(int(h.Port))
		if h.To != h.Port {
			ports += "-" + strconv.Itoa(int(h.To))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", ports, export.Dash(h.Protocol), export.Dash(h.Service), export.OneLine(h.Description), h.Score)
	}
	return tw.Flush()
}
