package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/record"
)

// The recorders of the command line: `portolan record` (the headless
// recorder of the user service) and `portolan watch`, which records too
// unless --no-record.

// DefaultRecordInterval is `portolan record`'s time between polls: a
// background service need not poll as often as a window.
const DefaultRecordInterval = 5 * time.Second

// openHistory opens the history for recording (every page checked, a
// damaged file set aside) and tells the history's notices on stderr.
func openHistory(env *Env, retention time.Duration, verify bool) (*history.Store, error) {
	path, err := env.historyPath()
	if err != nil {
		return nil, err
	}
	s, err := history.Open(context.Background(), history.Options{Path: path, Retention: retention, Verify: verify})
	if err != nil {
		return nil, err
	}
	for _, n := range s.Notices() {
		fmt.Fprintf(env.Stderr, "note: %s\n", n)
	}
	return s, nil
}

// parseDays reads a duration that may be given in days ("90d"), as
// retention and --since are.
func parseDays(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err != nil || n <= 0 || n > 100*365 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(n * 24 * float64(time.Hour)), nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("%q is not a duration (90d, 36h, 15m)", s)
	}
	return v, nil
}

// daysFlag is a flag.Value of parseDays.
type daysFlag struct{ d time.Duration }

func (f *daysFlag) String() string { return f.d.String() }

func (f *daysFlag) Set(s string) error {
	d, err := parseDays(s)
	if err == nil {
		f.d = d
	}
	return err
}

// pollRecorder records each poll of a command; messages go to stderr. A
// nil one records nothing.
type pollRecorder struct {
	rec    *record.Recorder
	stderr io.Writer
}

func newPollRecorder(env *Env, s *history.Store, isEphemeral func(uint16) bool) *pollRecorder {
	return &pollRecorder{rec: &record.Recorder{Store: s, IsEphemeral: isEphemeral}, stderr: env.Stderr}
}

// watchRecorder is watch's recorder: nil with --no-record, or when the
// history cannot be opened (watch goes on, and says so).
func watchRecorder(env *Env, setup *judge.Setup, off bool) *pollRecorder {
	if off {
		return nil
	}
	s, err := openHistory(env, 0, true)
	if err != nil {
		fmt.Fprintf(env.Stderr, "warning: the listeners are not recorded in the history: %v\n", err)
		return nil
	}
	return newPollRecorder(env, s, setup.Verdicts.Ephemeral)
}

func (p *pollRecorder) close() {
	if p != nil {
		p.rec.Store.Close()
	}
}

// poll records r. The write is not cut short by a stop signal: a poll
// being written is finished, then the command ends.
func (p *pollRecorder) poll(ctx context.Context, r listen.PollResult) history.Result {
	if p == nil {
		return history.Result{}
	}
	res, msgs := p.rec.Poll(context.WithoutCancel(ctx), r)
	for _, m := range msgs {
		fmt.Fprintf(p.stderr, "%s  %s\n", r.Time.Format("2006-01-02 15:04:05"), m)
	}
	return res
}

func runRecord(env *Env, args []string) error {
	fs := newFlags("record")
	interval := fs.Duration("interval", DefaultRecordInterval, "time between polls (0.5s to 60s)")
	retention := &daysFlag{history.DefaultRetention}
	fs.Var(retention, "retention", "how long events are kept (90d)")
	quiet := fs.Bool("quiet", false, "say nothing of the events, only of problems")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("record takes no arguments (%q)", pos[0])
	}
	if err := listen.CheckPollInterval(*interval); err != nil {
		return usageErr("--interval: %v", err)
	}
	_, setup, poller, err := newListenerPoll(env, nil)
	if err != nil {
		return err
	}
	poller.SetInterval(*interval)
	store, err := openHistory(env, retention.d, true)
	if err != nil {
		return err
	}
	rec := newPollRecorder(env, store, setup.Verdicts.Ephemeral)
	fmt.Fprintf(env.Stderr, "Recording this machine's listeners into %s every %s (retention %s).\n",
		store.Path(), *interval, daysText(retention.d))
	ctx, stop := env.watchContext()
	defer stop()
	failed := ""
	poller.Run(ctx, func(r listen.PollResult) {
		if r.Err != nil {
			if msg := r.Err.Error(); msg != failed {
				failed = msg
				fmt.Fprintf(env.Stderr, "%s  poll failed: %v\n", r.Time.Format("2006-01-02 15:04:05"), r.Err)
			}
			return
		}
		failed = ""
		res := rec.poll(ctx, r)
		if *quiet {
			return
		}
		for i := range res.Events {
			fmt.Fprintln(env.Stdout, eventLine(&res.Events[i]))
		}
	})
	fmt.Fprintln(env.Stderr, "Recording stopped.")
	return store.Close()
}

// daysText is "90 days" for whole days, else the duration.
func daysText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
	return d.String()
}

// eventLine is one event as `record` and `history` print it.
func eventLine(e *history.Event) string {
	line := fmt.Sprintf("%s  %-7s  %s  %s", e.Time.Local().Format("2006-01-02 15:04:05"), e.Kind,
		e.Key.Protocol+" "+listen.HostPort(e.Key.Address, e.Port), export.Dash(e.Key.Process))
	if e.PID != 0 {
		line += " (pid " + strconv.Itoa(int(e.PID)) + ")"
	}
	if e.Key.Exe != "" {
		line += "  " + e.Key.Exe
	}
	if e.Severity != history.SeverityNone {
		line += "  [" + string(e.Severity) + "]"
	}
	return line
}
