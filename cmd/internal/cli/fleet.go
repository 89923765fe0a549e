package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/fleet/fleetjudge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// newFleetJudge judges the fleet's listeners with the verdict engine, its
// built-in knowledge and the user's programs.json (what of it is not used
// is said on stderr), over reg.
func newFleetJudge(env *Env, reg *registry.Registry) func(r *fleet.Row) (severity string, reasons []string) {
	j, err := fleetjudge.ForUser(reg)
	if err != nil {
		fmt.Fprintf(env.Stderr, "warning: %v\n", err)
	}
	return j.Row
}

func runFleet(env *Env, args []string) error {
	if len(args) == 0 {
		return usageErr("say what to do: summary, port, rare or pack")
	}
	switch args[0] {
	case "summary":
		return runFleetSummary(env, args[1:])
	case "port":
		return runFleetPort(env, args[1:])
	case "rare":
		return runFleetRare(env, args[1:])
	case "pack":
		return runFleetPack(env, args[1:])
	}
	return usageErr("unknown fleet command %q (want summary, port, rare or pack)", args[0])
}

// loadFleet reads the paths and makes the view the command shows; the
// input's problems go to stderr.
func loadFleet(env *Env, paths []string, hosts string, maxRows int64) (*fleet.View, error) {
	if len(paths) == 0 {
		return nil, usageErr("give the files or folders of osquery results to read")
	}
	reg, _, err := env.LoadRegistry(env.RegistryPath)
	if err != nil {
		return nil, err
	}
	if maxRows < 1 {
		return nil, usageErr("--max-rows must be 1 or more")
	}
	opt := fleet.Options{Registry: reg, Limits: fleet.Limits{MaxRows: maxRows}, Judge: env.fleetJudge(env, reg)}
	if isTerminal(env.Stderr) {
		opt.Progress = func(p fleet.Progress) { writeFleetProgress(env.Stderr, p) }
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	f, err := fleet.Load(ctx, paths, opt)
	if err != nil {
		return nil, err
	}
	writeFleetProblems(env.Stderr, f)
	if f.Files == 0 {
		return nil, fmt.Errorf("found no osquery results in %s", strings.Join(paths, ", "))
	}
	v, err := f.View(hosts)
	if err != nil {
		return nil, usageErr("--hosts: %v", err)
	}
	return v, nil
}

// writeFleetProgress rewrites one line of stderr; the last report ends it.
func writeFleetProgress(w io.Writer, p fleet.Progress) {
	fmt.Fprintf(w, "\rReading osquery results: %d of %d files, %d hosts, %d rows ", p.Files, p.FilesTotal, p.Hosts, p.Rows)
	if p.Done {
		fmt.Fprintln(w)
	}
}

const maxProblemsShown = 20

func writeFleetProblems(w io.Writer, f *fleet.Fleet) {
	for i, p := range f.Problems {
		if i == maxProblemsShown {
			break
		}
		fmt.Fprintf(w, "warning: %s\n", p)
	}
	if more := max(len(f.Problems)-maxProblemsShown, 0) + f.ProblemsMore; more > 0 {
		fmt.Fprintf(w, "warning: ... and %d more problems (summary --json lists the first %d)\n", more, len(f.Problems))
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func runFleetSummary(env *Env, args []string) error {
	fs := newFlags("fleet summary")
	maxRows := fs.Int64("max-rows", fleet.DefaultLimits.MaxRows, "read at most N rows")
	asJSON := fs.Bool("json", false, "JSON output")
	hosts := fs.String("hosts", "", "only hosts matching these patterns")
	limit := fs.Int("limit", 40, "at most N ports in the table (0: all)")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	v, err := loadFleet(env, paths, *hosts, *maxRows)
	if err != nil {
		return err
	}
	s := v.Summary()
	if *asJSON {
		return export.WriteJSON(env.Stdout, s)
	}
	fmt.Fprintf(env.Stdout, "%d hosts, %d listeners (%d rows skipped: UNIX sockets, port 0, not TCP/UDP), from %d files",
		s.Hosts, s.Listeners, s.Skipped, s.Files)
	if s.Ignored > 0 {
		fmt.Fprintf(env.Stdout, " (%d ignored)", s.Ignored)
	}
	fmt.Fprintln(env.Stdout)
	return writePortCounts(env.Stdout, s.Ports, *limit, nil)
}

// writePortCounts is the table of summary and rare; on names the hosts of
// each port when given.
func writePortCounts(w io.Writer, ports []fleet.PortCount, limit int, on func(p fleet.PortCount) string) error {
	if len(ports) == 0 {
		_, err := fmt.Fprintln(w, "No ports.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	header := "PORT\tPROTO\tSERVICE\tHOSTS\tALERTS"
	if on != nil {
		header += "\tON"
	}
	fmt.Fprintln(tw, header)
	for i, p := range ports {
		if limit > 0 && i == limit {
			fmt.Fprintf(tw, "... and %d more ports (--limit 0 for all)\n", len(ports)-limit)
			break
		}
		line := fmt.Sprintf("%d\t%s\t%s\t%d\t%d", p.Port, p.Protocol, export.Dash(p.Service), p.Hosts, p.Alerts)
		if on != nil {
			line += "\t" + on(p)
		}
		fmt.Fprintln(tw, line)
	}
	return tw.Flush()
}

func runFleetRare(env *Env, args []string) error {
	fs := newFlags("fleet rare")
	maxRows := fs.Int64("max-rows", fleet.DefaultLimits.MaxRows, "read at most N rows")
	asJSON := fs.Bool("json", false, "JSON output")
	hosts := fs.String("hosts", "", "only hosts matching these patterns")
	maxHosts := fs.Int("max-hosts", 3, "ports open on at most K hosts")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *maxHosts < 1 {
		return usageErr("--max-hosts must be 1 or more")
	}
	v, err := loadFleet(env, paths, *hosts, *maxRows)
	if err != nil {
		return err
	}
	rare := v.Rare(*maxHosts)
	if *asJSON {
		return export.WriteJSON(env.Stdout, rare)
	}
	fmt.Fprintf(env.Stdout, "%d ports open on at most %d of %d hosts, fewest first:\n", len(rare), *maxHosts, v.Hosts)
	return writePortCounts(env.Stdout, rare, 0, func(p fleet.PortCount) string {
		var names []string
		for _, r := range v.Port(p.Port, p.Protocol) {
			if len(names) == 0 || names[len(names)-1] != r.Host {
				names = append(names, r.Host)
			}
		}
		return strings.Join(names, ", ")
	})
}

func runFleetPort(env *Env, args []string) error {
	fs := newFlags("fleet port")
	maxRows := fs.Int64("max-rows", fleet.DefaultLimits.MaxRows, "read at most N rows")
	asJSON := fs.Bool("json", false, "JSON output")
	hosts := fs.String("hosts", "", "only hosts matching these patterns")
	proto := fs.String("proto", "", "tcp or udp (default: both)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usageErr("give a port number and the files or folders to read")
	}
	port, err := ParsePortArg(pos[0])
	if err != nil {
		return err
	}
	if *proto != "" && *proto != "tcp" && *proto != "udp" {
		return usageErr("--proto is tcp or udp")
	}
	v, err := loadFleet(env, pos[1:], *hosts, *maxRows)
	if err != nil {
		return err
	}
	rows := v.Port(port, *proto)
	if *asJSON {
		return export.WriteJSON(env.Stdout, rows)
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintf(env.Stdout, "No host listens on port %d.\n", port)
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tPROTO\tADDRESS\tPID\tPROCESS\tEXE\tUSER\tSEVERITY\tREASONS")
	for _, r := range rows {
		pid := "-"
		if r.PID > 0 {
			pid = strconv.Itoa(int(r.PID))
		}
		user := r.User
		if user == "" && r.UID >= 0 {
			user = "uid " + strconv.FormatInt(r.UID, 10)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Host, r.Protocol, listen.HostPort(r.Address, r.Port), pid,
			export.Dash(r.Process), export.Dash(export.OneLine(r.Exe)), export.Dash(user), export.Dash(r.Severity), export.Dash(strings.Join(r.Reasons, "; ")))
	}
	return tw.Flush()
}

func runFleetPack(env *Env, args []string) error {
	fs := newFlags("fleet pack")
	interval := fs.Int("interval", 3600, "seconds between runs")
	differential := fs.Bool("differential", false, "log changes (added/removed) rather than a snapshot each run")
	sqlOnly := fs.Bool("sql", false, "print only the query (for osqueryi --json or fleetctl query)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageErr("fleet pack takes no arguments")
	}
	if *sqlOnly {
		_, err := fmt.Fprintln(env.Stdout, fleet.ListenersSQL(true)+";")
		return err
	}
	data, err := fleet.Pack(fleet.PackOptions{Interval: *interval, Differential: *differential})
	if err != nil {
		return usageErr("%v", err)
	}
	_, err = fmt.Fprintf(env.Stdout, "%s\n", data)
	return err
}
