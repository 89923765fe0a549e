package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/record"
	"github.com/portolan/portolan/registry"
)

// `portolan history`: the recorded events, oldest first, or (--listeners)
// one row per listener identity; the filter language of `listeners`.

func runHistory(env *Env, args []string) error {
	fs := newFlags("history")
	since := &daysFlag{}
	fs.Var(since, "since", "only the events of the last DURATION (36h, 7d)")
	identities := fs.Bool("listeners", false, "one row per listener: first and last seen, how often")
	asJSON := fs.Bool("json", false, "JSON output")
	asCSV := fs.Bool("csv", false, "CSV output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usageErr("choose --json or --csv, not both")
	}
	if *identities && since.d > 0 {
		return usageErr("--since chooses events; --listeners lists every listener the history holds")
	}
	filter, err := listen.ParseFilter(strings.Join(pos, " "))
	if err != nil {
		return usageErr("%v", err)
	}
	path, err := env.historyPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		// Reading must not create a history: say where it would be.
		fmt.Fprintf(env.Stderr, "note: no history yet at %s: the window, `portolan watch` and `portolan record` keep it.\n", path)
		return writeHistoryRows(env.Stdout, *identities, *asJSON, *asCSV, nil, nil)
	}
	store, err := openHistory(env, 0, false)
	if err != nil {
		return err
	}
	defer store.Close()
	m := record.Matcher{Filter: filter}
	if !filter.Empty() {
		space, err := env.space()
		if err != nil {
			return err
		}
		m.Service = func(proto string, port uint16) string {
			p, err := registry.ParseProtocol(proto)
			if err != nil {
				return ""
			}
			if r := space.Reg.Primary(port, p); r != nil {
				return r.Service
			}
			return ""
		}
	}
	ctx := context.Background()
	if *identities {
		ids, err := store.Identities(ctx, m.KeepIdentity())
		if err != nil {
			return err
		}
		return writeHistoryRows(env.Stdout, true, *asJSON, *asCSV, nil, ids)
	}
	q := history.EventQuery{Keep: m.KeepEvent()}
	if since.d > 0 {
		q.Since = time.Now().Add(-since.d)
	}
	es, err := store.Events(ctx, q)
	if err != nil {
		return err
	}
	return writeHistoryRows(env.Stdout, false, *asJSON, *asCSV, es, nil)
}

// writeHistoryRows writes events, or identities, in the chosen format.
func writeHistoryRows(w io.Writer, identities, asJSON, asCSV bool, es []history.Event, ids []history.Identity) error {
	switch {
	case identities && asJSON:
		return export.WriteJSON(w, history.IdentitiesJSON(ids))
	case identities && asCSV:
		rows := make([][]string, len(ids))
		for i := range ids {
			rows[i] = ids[i].CSV()
		}
		return export.WriteCSV(w, history.IdentityCSVHeader, rows)
	case identities:
		return writeIdentitiesText(w, ids)
	case asJSON:
		return export.WriteJSON(w, history.EventsJSON(es))
	case asCSV:
		rows := make([][]string, len(es))
		for i := range es {
			rows[i] = es[i].CSV()
		}
		return export.WriteCSV(w, history.EventCSVHeader, rows)
	}
	if len(es) == 0 {
		_, err := fmt.Fprintln(w, "No events.")
		return err
	}
	for i := range es {
		if _, err := fmt.Fprintln(w, eventLine(&es[i])); err != nil {
			return err
		}
	}
	return nil
}

func writeIdentitiesText(w io.Writer, ids []history.Identity) error {
	if len(ids) == 0 {
		_, err := fmt.Fprintln(w, "No listeners.")
		return err
	}
	const when = "2006-01-02 15:04"
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROTO\tADDRESS\tSCOPE\tPROCESS\tUSER\tFIRST SEEN\tLAST SEEN\tTIMES\tNOW\tEXE")
	for i := range ids {
		id := &ids[i]
		now := "gone"
		if id.Present {
			now = "present"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id.Protocol, hostPortKey(id),
			id.Scope, export.Dash(id.Process), export.Dash(id.User), id.FirstSeen.Local().Format(when),
			id.LastSeen.Local().Format(when), strconv.FormatInt(id.TimesSeen, 10), now, export.Dash(id.Exe))
	}
	return tw.Flush()
}

// hostPortKey is an identity's address and port: "127.0.0.1:8000",
// "[::]:ephemeral".
func hostPortKey(id *history.Identity) string {
	if id.Port != history.Ephemeral {
		return listen.HostPort(id.Address, uint16(id.Port))
	}
	if strings.Contains(id.Address, ":") {
		return "[" + id.Address + "]:ephemeral"
	}
	return id.Address + ":ephemeral"
}
