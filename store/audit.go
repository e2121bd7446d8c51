package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"doublerandom"
	"doublerandom/audit"
)

// Audit appends an entry to the audit log in the transaction, attributed to
// the actor of ctx: action names what was done ("task.create"), subject what
// it was done to ("task/12"), and before and after are the states around the
// change (any JSON-encodable value, nil when absent). Methods of Tx that
// change one thing audit themselves; bulk imports add one entry for the whole
// file.
func (t *Tx) Audit(ctx context.Context, action, subject string, before, after any) error {
	if t.s.postgres {
		// One writer at a time extends the chain.
		const lock = `LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE`
		if _, err := t.tx.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("audit: lock: %w", err)
		}
	}
	e := audit.Entry{Seq: 1, Prev: audit.Genesis,
		At:    time.Now().UTC().Format(time.RFC3339Nano),
		Actor: doublerandom.ActorFrom(ctx).ID, Action: action, Subject: subject}
	var err error
	if e.Before, err = jsonText(before); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	if e.After, err = jsonText(after); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	row := t.tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`)
	var last int64
	var prev string
	switch err := row.Scan(&last, &prev); {
	case err == nil:
		e.Seq, e.Prev = last+1, prev
	case !isNoRows(err):
		return fmt.Errorf("audit: last entry: %w", err)
	}
	e.Hash = audit.ComputeHash(e)
	_, err = t.exec(ctx, `INSERT INTO audit_log (seq, at, actor, action, subject, before, after,
prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At, e.Actor, e.Action, e.Subject,
		e.Before, e.After, e.Prev, e.Hash)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func jsonText(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// AuditEntries calls fn for every audit entry in sequence order, stopping at
// the first error fn returns.
func (s *Store) AuditEntries(ctx context.Context, fn func(audit.Entry) error) error {
	rows, err := s.query(ctx, `SELECT seq, at, actor, action, subject, before, after, prev, hash
FROM audit_log ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("audit entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e audit.Entry
		if err := rows.Scan(&e.Seq, &e.At, &e.Actor, &e.Action, &e.Subject, &e.Before, &e.After,
			&e.Prev, &e.Hash); err != nil {
			return fmt.Errorf("scan audit entry: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// VerifyAudit walks the audit chain and returns the number of entries and,
// when the chain is broken, a *audit.Break naming the first bad entry.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	v := audit.NewVerifier()
	err := s.AuditEntries(ctx, v.Next)
	return v.Count(), err
}
