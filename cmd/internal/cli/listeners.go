package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
)

// newListenerSetup loads the registry, the knowledge of ordinary
// programs and the listener history holding the approvals; problems with
// the last two are told on stderr and do not stop the command.
func newListenerSetup(env *Env) (*judge.Setup, error) {
	space, err := env.space()
	if err != nil {
		return nil, err
	}
	s := judge.NewSetup(context.Background(), space, judge.SetupOptions{})
	if env.identity != nil {
		s.Identity = env.identity()
	}
	if s.ConfigDirErr != nil {
		fmt.Fprintf(env.Stderr, "warning: %v; no additions to the knowledge of ordinary programs\n", s.ConfigDirErr)
	}
	if s.KnowledgeErr != nil {
		fmt.Fprintf(env.Stderr, "warning: %v\n", s.KnowledgeErr)
	}
	if s.HistoryErr != nil {
		fmt.Fprintf(env.Stderr, "warning: %v; listeners are not compared with the approvals\n", s.HistoryErr)
	}
	for _, n := range s.Notices {
		fmt.Fprintf(env.Stderr, "note: %s\n", n)
	}
	return s, nil
}

// newListenerPoll reads the filter words of both commands and makes the
// poller that identifies and judges with the user's setup (Close it).
func newListenerPoll(env *Env, words []string) (*listen.Filter, *judge.Setup, *listen.Poller, error) {
	filter, err := listen.ParseFilter(strings.Join(words, " "))
	if err != nil {
		return nil, nil, nil, usageErr("%v", err)
	}
	setup, err := newListenerSetup(env)
	if err != nil {
		return nil, nil, nil, err
	}
	p := listen.NewPoller(env.sockets(), setup.Verdicts)
	p.SetIdentity(setup.Identity)
	return filter, setup, p, nil
}

func runListeners(env *Env, args []string) error {
	fs := newFlags("listeners")
	asJSON := fs.Bool("json", false, "JSON output")
	asCSV := fs.Bool("csv", false, "CSV output")
	flagged := fs.Bool("flagged", false, "only alerts (severity alert)")
	approve := fs.Bool("approve", false, "approve the listed listeners (kept in the listener history)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usageErr("choose --json or --csv, not both")
	}
	filter, setup, poller, err := newListenerPoll(env, pos)
	if err != nil {
		return err
	}
	defer setup.Close()
	ctx := context.Background()
	r := poller.PollOnce(ctx)
	if r.Err != nil {
		return r.Err
	}
	ls := filter.Apply(r.Listeners)
	if *flagged {
		ls = listen.MustParseFilter("flagged").Apply(ls)
	}
	if *approve {
		if ls, err = approveListeners(env, setup, r, ls); err != nil {
			return err
		}
	}
	if r.Limited {
		defer fmt.Fprintf(env.Stderr, "note: %s\n", listen.NoticeLimited)
	}
	switch {
	case *asJSON:
		return export.WriteListenersJSON(env.Stdout, ls)
	case *asCSV:
		return export.WriteListenersCSV(env.Stdout, ls)
	}
	return writeListenersText(env.Stdout, ls)
}

// approveListeners approves ls (chosen from the poll r) into the history,
// says how it went on stderr and returns ls judged anew: approved rows are
// calm now.
func approveListeners(env *Env, setup *judge.Setup, r listen.PollResult, ls []listen.Listener) ([]listen.Listener, error) {
	if setup.Verdicts.Baseline() == nil {
		return nil, fmt.Errorf("cannot approve: %v", setup.HistoryErr)
	}
	n, err := setup.Verdicts.Approve(context.Background(), r.Listeners, r.Time, ls...)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(env.Stderr, "Approved %d new listener(s) of %d listed, kept in %s.\n", n, len(ls), setup.History.Path())
	ls = slices.Clone(ls)
	setup.Verdicts.Judge(ls)
	return ls, nil
}

func pidText(l *listen.Listener) string {
	if l.PID == 0 {
		return "-"
	}
	return strconv.Itoa(int(l.PID))
}

func writeListenersText(w io.Writer, ls []listen.Listener) error {
	if len(ls) == 0 {
		_, err := fmt.Fprintln(w, "No listeners.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROTO\tADDRESS\tSCOPE\tPID\tPROCESS\tUSER\tSERVICE\tSEVERITY\tREASONS")
	for i := range ls {
		l := &ls[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Protocol, listen.HostPort(l.Address, l.Port), l.Scope,
			pidText(l), l.ProcessText(), export.Dash(l.User), export.Dash(l.Service), l.Severity, export.Dash(listen.ReasonsText(l.Findings, "; ")))
	}
	return tw.Flush()
}

// watchEvent is one line of `portolan watch --json`.
type watchEvent struct {
	Time     time.Time            `json:"time"`
	Event    string               `json:"event"` // new, gone, changed
	Listener listen.ListenerJSON  `json:"listener"`
	Before   *listen.ListenerJSON `json:"before,omitempty"` // changed only
}

func runWatch(env *Env, args []string) error {
	fs := newFlags("watch")
	interval := fs.Duration("interval", listen.DefaultPollInterval, "time between polls (0.5s to 60s)")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	noRecord := fs.Bool("no-record", false, "do not record the listeners in the history")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := listen.CheckPollInterval(*interval); err != nil {
		return usageErr("--interval: %v", err)
	}
	filter, setup, poller, err := newListenerPoll(env, pos)
	if err != nil {
		return err
	}
	defer setup.Close()
	poller.SetInterval(*interval)
	rec := watchRecorder(env, setup, *noRecord)
	defer rec.close()
	ctx, stop := env.watchContext()
	defer stop()
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	var writeErr error
	limitedTold := false
	emit := func(kind string, l *listen.Listener, before *listen.Listener, at time.Time) {
		if writeErr != nil || !filter.Match(l) {
			return
		}
		if *asJSON {
			ev := watchEvent{Time: at.UTC().Truncate(time.Millisecond), Event: kind, Listener: l.JSON()}
			if before != nil {
				b := before.JSON()
				ev.Before = &b
			}
			writeErr = enc.Encode(ev)
			return
		}
		line := fmt.Sprintf("%s  %-7s  %s  %s", at.Format("2006-01-02 15:04:05"), kind, l.Endpoint(), l.ProcessText())
		if l.PID != 0 {
			line += " (pid " + strconv.Itoa(int(l.PID)) + ")"
		}
		if before != nil && before.PID != l.PID {
			line += ", was " + before.ProcessText() + " (pid " + pidText(before) + ")"
		}
		if l.Severity != listen.SeverityNone {
			line += "  " + l.Severity.String() + " [" + listen.ReasonsText(l.Findings, "; ") + "]"
		}
		_, writeErr = fmt.Fprintln(env.Stdout, line)
	}
	poller.Run(ctx, func(r listen.PollResult) {
		if r.Err != nil {
			fmt.Fprintf(env.Stderr, "%s  poll failed: %v\n", r.Time.Format("2006-01-02 15:04:05"), r.Err)
			return
		}
		rec.poll(ctx, r)
		if r.Limited && !limitedTold {
			limitedTold = true
			fmt.Fprintf(env.Stderr, "note: %s\n", listen.NoticeLimited)
		}
		for i := range r.Diff.Gone {
			emit("gone", &r.Diff.Gone[i], nil, r.Time)
		}
		for i := range r.Diff.Changed {
			emit("changed", &r.Diff.Changed[i].After, &r.Diff.Changed[i].Before, r.Time)
		}
		for i := range r.Diff.New {
			emit("new", &r.Diff.New[i], nil, r.Time)
		}
		if writeErr != nil {
			stop() // stdout closed (a pipe's reader left): stop watching
		}
	})
	return writeErr
}
