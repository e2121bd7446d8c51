package store

import (
	"context"
	"fmt"
	"time"

	"doublerandom"
)

// putConflict declares a conflict of interest now, or declares a withdrawn
// one again; one that stands already is a conflict error.
func (t *Tx) putConflict(ctx context.Context, inspectorID, code, reason string) error {
	if reason == "" {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"a conflict of interest needs its reason (回避事由)")
	}
	res, err := t.exec(ctx, `INSERT INTO inspector_conflicts (inspector_id, entity_code, reason,
declared_at, declared_by) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (inspector_id, entity_code) DO UPDATE SET reason = excluded.reason,
declared_at = excluded.declared_at, declared_by = excluded.declared_by, withdrawn_at = '',
withdrawn_by = '' WHERE inspector_conflicts.withdrawn_at <> ''`,
		inspectorID, code, reason, formatStamp(time.Now()), doublerandom.ActorFrom(ctx).ID)
	if err != nil {
		return fmt.Errorf("add conflict %s/%s: %w", inspectorID, code, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"inspector %s has already declared a conflict of interest with %s", inspectorID, code)
	}
	return nil
}

// DeclareConflict records a conflict of interest read from row of the
// import's file: the inspector named by certificate number in the import's
// department, the business by code. An unknown inspector or business, or a
// declaration that already stands, is refused.
func (im *Import) DeclareConflict(ctx context.Context, row int, certNo, code,
	reason string) error {
	t := im.tx
	var id string
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT id FROM inspectors
WHERE dept = ? AND cert_no = ?`), im.file.Dept, certNo).Scan(&id)
	if isNoRows(err) {
		im.refuse(row, "cert_no", certNo, "no inspector of %s with this certificate number; "+
			"import the inspector first", im.file.Dept)
		return nil
	}
	if err != nil {
		return fmt.Errorf("conflict of %s: %w", certNo, err)
	}
	var n int
	if err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT COUNT(*) FROM entities
WHERE code = ?`), code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		im.refuse(row, "code", code, "no business with this code in the directory")
		return nil
	}
	err = t.putConflict(ctx, id, code, reason)
	if doublerandom.ErrorCode(err) == doublerandom.ECONFLICT ||
		doublerandom.ErrorCode(err) == doublerandom.EINVALID {
		im.refuse(row, "code", code, "%s", doublerandom.ErrorMessage(err))
		return nil
	}
	return err
}

// WithdrawConflict ends a declared conflict of interest, with the reason;
// the declaration stays on record. It audits the withdrawal.
func (t *Tx) WithdrawConflict(ctx context.Context, inspectorID, code, reason string) error {
	res, err := t.exec(ctx, `UPDATE inspector_conflicts SET withdrawn_at = ?, withdrawn_by = ?
WHERE inspector_id = ? AND entity_code = ? AND withdrawn_at = ''`, formatStamp(time.Now()),
		doublerandom.ActorFrom(ctx).ID, inspectorID, code)
	if err != nil {
		return fmt.Errorf("withdraw conflict %s/%s: %w", inspectorID, code, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return doublerandom.Errorf(doublerandom.ENOTFOUND,
			"inspector %s has no standing conflict of interest with %s", inspectorID, code)
	}
	return t.Audit(ctx, "inspector.conflict.withdraw", "inspector/"+inspectorID, nil,
		map[string]string{"business": code, "reason": reason})
}

// ConflictList returns the conflicts of interest declared by the inspectors
// of a department, standing or withdrawn, newest first; dept "" returns
// every department's.
func (s *Store) ConflictList(ctx context.Context, dept string) ([]doublerandom.Conflict, error) {
	q, args := `SELECT c.inspector_id, c.entity_code, c.reason, c.declared_at, c.declared_by,
c.withdrawn_at, c.withdrawn_by FROM inspector_conflicts c
JOIN inspectors i ON i.id = c.inspector_id`, []any{}
	if dept != "" {
		q, args = q+` WHERE i.dept = ?`, append(args, dept)
	}
	rows, err := s.query(ctx, q+` ORDER BY c.declared_at DESC, c.inspector_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.Conflict
	for rows.Next() {
		var (
			c          doublerandom.Conflict
			decl, with string
		)
		if err := rows.Scan(&c.InspectorID, &c.EntityCode, &c.Reason, &decl, &c.DeclaredBy,
			&with, &c.WithdrawnBy); err != nil {
			return nil, fmt.Errorf("scan conflict: %w", err)
		}
		if c.DeclaredAt, err = parseTime(decl); err != nil {
			return nil, err
		}
		if c.WithdrawnAt, err = parseTime(with); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
