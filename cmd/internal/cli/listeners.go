package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
)

// newListenerSetup loads the registry, the known-processes table and the
// baseline; problems with the last two are told on stderr and do not stop
// the command.
func newListenerSetup(env *Env) (*judge.Setup, error) {
	space, err := env.space()
	if err != nil {
		return nil, err
	}
	s := judge.NewSetup(space)
	if s.ConfigDirErr != nil {
		fmt.Fprintf(env.Stderr, "warning: %v; no baseline and no known-process additions\n", s.ConfigDirErr)
		return s, nil
	}
	if s.KnownErr != nil {
		fmt.Fprintf(env.Stderr, "warning: %v\n", s.KnownErr)
	}
	if s.BaselineErr != nil {
		fmt.Fprintf(env.Stderr, "warning: %v; listeners are not compared with a baseline\n", s.BaselineErr)
	} else if n := s.Baseline.Notice(); n != "" {
		fmt.Fprintf(env.Stderr, "warning: %s\n", n)
	}
	return s, nil
}

// newListenerPoll reads the filter words of both commands and makes the
// poller that judges with the user's setup.
func newListenerPoll(env *Env, words []string) (*listen.Filter, *judge.Setup, *listen.Poller, error) {
	filter, err := listen.ParseFilter(strings.Join(words, " "))
	if err != nil {
		return nil, nil, nil, usageErr("%v", err)
	}
	setup, err := newListenerSetup(env)
	if err != nil {
		return nil, nil, nil, err
	}
	return filter, setup, listen.NewPoller(env.sockets(), setup.Verdicts), nil
}

func runListeners(env *Env, args []string) error {
	fs := newFlags("listeners")
	asJSON := fs.Bool("json", false, "JSON output")
	asCSV := fs.Bool("csv", false, "CSV output")
	flagged := fs.Bool("flagged", false, "only listeners with a reason to look at them")
	approve := fs.Bool("approve", false, "approve the listed listeners into the baseline")
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
	r := poller.PollOnce(context.Background())
	if r.Err != nil {
		return r.Err
	}
	ls := filter.Apply(r.Listeners)
	if *flagged {
		ls = listen.MustParseFilter("flagged").Apply(ls)
	}
	if *approve {
		if setup.Baseline == nil {
			return fmt.Errorf("cannot approve: the baseline could not be read")
		}
		n, err := setup.Baseline.Approve(ls...)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "Approved %d new listener(s) into %s.\n", n, setup.Baseline.Path())
		ls = append([]listen.Listener(nil), ls...)
		setup.Verdicts.Judge(ls)
	}
	if r.Limited {
		defer fmt.Fprintf(env.Stderr, "note: %s\n", listen.NoticeLimited)
	}
	switch {
	case *asJSON:
		out := make([]listen.ListenerJSON, len(ls))
		for i := range ls {
			out[i] = ls[i].JSON()
		}
		return export.WriteJSON(env.Stdout, out)
	case *asCSV:
		return export.WriteListenersCSV(env.Stdout, ls)
	}
	return writeListenersText(env.Stdout, ls)
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
	fmt.Fprintln(tw, "PROTO\tADDRESS\tSCOPE\tPID\tPROCESS\tUSER\tSERVICE\tREASONS")
	for i := range ls {
		l := &ls[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Protocol, listen.HostPort(l.Address, l.Port), l.Scope,
			pidText(l), l.ProcessText(), export.Dash(l.User), export.Dash(l.Service), export.Dash(listen.ReasonsText(l.Reasons, "; ")))
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
		if len(l.Reasons) > 0 {
			line += "  [" + listen.ReasonsText(l.Reasons, "; ") + "]"
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
