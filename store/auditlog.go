package store

import (
	"context"
	"fmt"
	"strings"

	"doublerandom"
	"doublerandom/audit"
)

// AuditHead returns the newest audit entry's sequence number and hash, the
// head of the chain; 0 and audit.Genesis when the log is empty. Publishing
// the head lets anyone later prove that no entry up to it was removed.
func (s *Store) AuditHead(ctx context.Context) (int64, string, error) {
	var (
		seq  int64
		hash string
	)
	err := s.queryRow(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).
		Scan(&seq, &hash)
	if isNoRows(err) {
		return 0, audit.Genesis, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("audit head: %w", err)
	}
	return seq, hash, nil
}

// AuditEntry returns the audit entry with sequence number seq.
func (s *Store) AuditEntry(ctx context.Context, seq int64) (*audit.Entry, error) {
	es, err := s.AuditLog(ctx, AuditFilter{FromSeq: seq, ToSeq: seq, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no audit entry %d", seq)
	}
	return &es[0], nil
}

// AuditFilter selects audit entries. Zero fields select all.
type AuditFilter struct {
	Actor   string // exactly this actor
	Action  string // actions starting with this text, e.g. "draw."
	Subject string // subjects starting with this text, e.g. "task/12"
	FromSeq int64  // sequence numbers from
	ToSeq   int64  // sequence numbers up to
	Limit   int    // at most this many, newest first; 0 means 100
}

// AuditLog returns the entries matching f, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]audit.Entry, error) {
	var (
		where []string
		args  []any
	)
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where = append(where, `action LIKE ? ESCAPE '\'`)
		args = append(args, likeEscaper.Replace(f.Action)+"%")
	}
	if f.Subject != "" {
		where = append(where, `subject LIKE ? ESCAPE '\'`)
		args = append(args, likeEscaper.Replace(f.Subject)+"%")
	}
	if f.FromSeq > 0 {
		where, args = append(where, "seq >= ?"), append(args, f.FromSeq)
	}
	if f.ToSeq > 0 {
		where, args = append(where, "seq <= ?"), append(args, f.ToSeq)
	}
	q := `SELECT seq, at, actor, action, subject, before, after, prev, hash FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q += " ORDER BY seq DESC LIMIT ?"
	rows, err := s.query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		if err := rows.Scan(&e.Seq, &e.At, &e.Actor, &e.Action, &e.Subject, &e.Before, &e.After,
			&e.Prev, &e.Hash); err != nil {
			return nil, fmt.Errorf("scan audit entry: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
