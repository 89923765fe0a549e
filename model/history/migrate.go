package history

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// The schema is the numbered migrations in schema/, applied in order; the
// database's user_version is the number of the last one applied. A change
// to the schema is a new file (002_....sql), never an edit of an old one.
//
//go:embed schema/*.sql
var schemaFS embed.FS

// applicationID marks a Portolan history ("Port"): a SQLite file of
// another program in the history's place is set aside, not written into.
const applicationID = 0x506f7274

type migration struct {
	version int
	name    string
	sql     string
}

// migrations reads schema/NNN_name.sql, sorted by number; the numbers
// must run 1, 2, 3... with no gap.
func migrations() ([]migration, error) {
	names, err := fs.Glob(schemaFS, "schema/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: the name must start with its number", base)
		}
		b, err := schemaFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the schema this Portolan writes.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// errNewerSchema: the file was written by a newer Portolan; it is left
// alone.
type errNewerSchema struct{ have, know int }

func (e errNewerSchema) Error() string {
	return fmt.Sprintf("the history has schema version %d, written by a newer Portolan (this one knows %d); it is left unchanged", e.have, e.know)
}

// migrate brings the database to the newest schema, each migration in its
// own transaction with its new user_version, so a crash leaves a whole
// version.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var have int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	if have > len(ms) {
		return errNewerSchema{have, len(ms)}
	}
	for _, m := range ms[have:] {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		// Another process may have migrated while this one waited.
		var now int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
			tx.Rollback()
			return err
		}
		if now >= m.version {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		// PRAGMAs take no parameters; both values are numbers of ours.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", m.version, applicationID)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}
