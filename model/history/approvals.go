package history

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Approval is one approved listener (an entry of the baseline). With an
// executable it approves that program on Protocol, Scope and Port (a
// number, or Ephemeral: any ephemeral port); without one it approves the
// old way, by protocol, address, port and process name (any process when
// Process is empty).
type Approval struct {
	Exe      string
	Protocol string
	Scope    string
	Port     PortKey
	// Address, Process and User say where it was approved (they take part
	// in matching only for an approval with no executable).
	Address, Process, User string
	Approved               time.Time
	// Origin is "baseline.json" for an approval imported from it, else "".
	Origin string
}

// approvalOf is the approval of an observation: keyed on the executable
// when it is known, else on what is known (address and process).
func approvalOf(o *Observation, now time.Time) Approval {
	a := Approval{Exe: o.Exe, Protocol: strings.ToLower(o.Protocol), Scope: o.Scope, Port: PortKeyOf(o),
		Address: o.Address, Process: o.Process, User: o.User, Approved: now.UTC().Truncate(time.Second)}
	if a.Exe == "" {
		a.Port = PortKey(o.Port)
	}
	return a
}

type approvalKey struct {
	exe, protocol, scope string
	port                 PortKey
}

type legacyKey struct {
	protocol, address string
	port              PortKey
	process           string // lower case; "" matches any process
}

// ApprovalSet is the approvals at one moment, for matching listeners
// without a query each. Reload it when Store.ApprovalsRevision changes.
type ApprovalSet struct {
	entries []Approval
	keys    map[approvalKey]struct{}
	legacy  map[legacyKey]struct{}
	// Made is when the baseline was made (the first approval, or the
	// import of baseline.json); zero when nothing was ever approved.
	// "New since the baseline" means first seen after it.
	Made time.Time
	// Revision is Store.ApprovalsRevision when the set was read.
	Revision int64
}

func newApprovalSet(es []Approval) *ApprovalSet {
	a := &ApprovalSet{entries: es, keys: map[approvalKey]struct{}{}, legacy: map[legacyKey]struct{}{}}
	for _, e := range es {
		if e.Exe != "" {
			a.keys[approvalKey{e.Exe, e.Protocol, e.Scope, e.Port}] = struct{}{}
		} else {
			a.legacy[legacyKey{e.Protocol, e.Address, e.Port, strings.ToLower(e.Process)}] = struct{}{}
		}
	}
	return a
}

// Entries are the approvals, in the order of their key.
func (a *ApprovalSet) Entries() []Approval { return append([]Approval(nil), a.entries...) }

// Len is the number of approvals.
func (a *ApprovalSet) Len() int { return len(a.entries) }

// Approved tells whether an approval covers the observation.
func (a *ApprovalSet) Approved(o *Observation) bool {
	proto := strings.ToLower(o.Protocol)
	if o.Exe != "" {
		if _, ok := a.keys[approvalKey{o.Exe, proto, o.Scope, PortKey(o.Port)}]; ok {
			return true
		}
		if o.Ephemeral {
			if _, ok := a.keys[approvalKey{o.Exe, proto, o.Scope, Ephemeral}]; ok {
				return true
			}
		}
	}
	if _, ok := a.legacy[legacyKey{proto, o.Address, PortKey(o.Port), strings.ToLower(o.Process)}]; ok {
		return true
	}
	_, ok := a.legacy[legacyKey{proto, o.Address, PortKey(o.Port), ""}]
	return ok
}

// Approvals reads the approvals.
func (s *Store) Approvals(ctx context.Context) (*ApprovalSet, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("history: approvals: %w", err)
	}
	defer tx.Rollback()
	es, err := readApprovals(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("history: approvals: %w", err)
	}
	set := newApprovalSet(es)
	var made, rev sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT (SELECT value FROM meta WHERE key = 'baseline_made'),
		(SELECT value FROM meta WHERE key = 'approvals_rev')`).Scan(&made, &rev)
	if err != nil {
		return nil, fmt.Errorf("history: approvals: %w", err)
	}
	if made.Valid {
		set.Made = time.Unix(made.Int64, 0).UTC()
	}
	set.Revision = rev.Int64
	return set, nil
}

// ApprovalsRevision changes with every change of the approvals, by any
// process: a cheap question to ask before reloading them.
func (s *Store) ApprovalsRevision(ctx context.Context) (int64, error) {
	var rev sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'approvals_rev'`).Scan(&rev)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return rev.Int64, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readApprovals(ctx context.Context, q querier) ([]Approval, error) {
	rows, err := q.QueryContext(ctx, `SELECT exe, protocol, scope, port, address, process, user, approved, origin
		FROM approvals ORDER BY protocol, port, exe, scope, address, process`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []Approval
	for rows.Next() {
		var a Approval
		var approved int64
		if err := rows.Scan(&a.Exe, &a.Protocol, &a.Scope, &a.Port, &a.Address, &a.Process, &a.User, &approved, &a.Origin); err != nil {
			return nil, err
		}
		a.Approved = time.Unix(approved, 0).UTC()
		es = append(es, a)
	}
	return es, rows.Err()
}

// Approve adds approvals for the observed listeners and returns how many
// were not approved before. Each call is one transaction: approvals made
// at once by several windows or commands are all kept.
func (s *Store) Approve(ctx context.Context, obs ...Observation) (int, error) {
	now := s.opts.Now()
	as := make([]Approval, len(obs))
	for i := range obs {
		as[i] = approvalOf(&obs[i], now)
	}
	n, err := s.addApprovals(ctx, as, now)
	if err != nil {
		return 0, fmt.Errorf("history: approving: %w", err)
	}
	return n, nil
}

// addApprovals inserts approvals not already there, bumps the revision and
// sets when the baseline was made, in one transaction.
func (s *Store) addApprovals(ctx context.Context, as []Approval, made time.Time) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO approvals
		(exe, protocol, scope, port, address, process, user, approved, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	added := 0
	for _, a := range as {
		r, err := stmt.ExecContext(ctx, a.Exe, a.Protocol, a.Scope, a.Port, a.Address, a.Process, a.User, a.Approved.Unix(), a.Origin)
		if err != nil {
			return 0, err
		}
		n, _ := r.RowsAffected()
		added += int(n)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('baseline_made', ?1)
		ON CONFLICT (key) DO UPDATE SET value = min(value, ?1)`, made.Unix()); err != nil {
		return 0, err
	}
	if err := bumpApprovals(ctx, tx); err != nil {
		return 0, err
	}
	return added, tx.Commit()
}

func bumpApprovals(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('approvals_rev', 1)
		ON CONFLICT (key) DO UPDATE SET value = value + 1`)
	return err
}

// Revoke removes every approval that covers one of the observed listeners
// (afterwards none of them is approved) and returns how many it removed.
func (s *Store) Revoke(ctx context.Context, obs ...Observation) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("history: revoking: %w", err)
	}
	defer tx.Rollback()
	es, err := readApprovals(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("history: revoking: %w", err)
	}
	removed := 0
	for _, e := range es {
		one := newApprovalSet([]Approval{e})
		for i := range obs {
			if !one.Approved(&obs[i]) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM approvals WHERE exe = ? AND protocol = ? AND scope = ?
				AND port = ? AND address = ? AND process = ?`, e.Exe, e.Protocol, e.Scope, e.Port, e.Address, e.Process); err != nil {
				return 0, fmt.Errorf("history: revoking: %w", err)
			}
			removed++
			break
		}
	}
	if removed == 0 {
		return 0, nil
	}
	if err := bumpApprovals(ctx, tx); err != nil {
		return 0, fmt.Errorf("history: revoking: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("history: revoking: %w", err)
	}
	return removed, nil
}
