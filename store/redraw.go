package store

import (
	"context"
	"fmt"

	"doublerandom"
)

// VoidDraw voids a draw that is not void yet, with the reason and the
// approver. The draw and its record stay stored and public.
func (t *Tx) VoidDraw(ctx context.Context, d doublerandom.Draw) error {
	res, err := t.exec(ctx, `UPDATE draws SET state = ?, void_reason = ?, voided_by = ?,
voided_at = ? WHERE id = ? AND state <> ?`, string(doublerandom.DrawVoid), d.VoidReason,
		d.VoidedBy, formatTime(d.VoidedAt), d.ID, string(doublerandom.DrawVoid))
	if err != nil {
		return fmt.Errorf("void draw %d: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "draw %d is already void", d.ID)
	}
	return t.Audit(ctx, "draw.void", taskSubject(d.TaskID), map[string]any{"draw": d.ID},
		map[string]any{"draw": d.ID, "state": doublerandom.DrawVoid, "reason": d.VoidReason,
			"approved_by": d.VoidedBy})
}

// ReplaceMember replaces one inspector of a team by another in the same
// position and records the replacement.
func (t *Tx) ReplaceMember(ctx context.Context, r doublerandom.Replacement) (int64, error) {
	res, err := t.exec(ctx, `UPDATE team_members SET inspector_id = ?
WHERE task_id = ? AND entity_code = ? AND inspector_id = ?`,
		r.Replacement, r.TaskID, r.EntityCode, r.Replaced)
	if err != nil {
		return 0, fmt.Errorf("replace %s in task %d: %w", r.Replaced, r.TaskID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, doublerandom.Errorf(doublerandom.EINVALID,
			"inspector %s is not in the team for %s in task %d", r.Replaced, r.EntityCode, r.TaskID)
	}
	var id int64
	err = t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO replacements (task_id, entity_code,
replaced, replacement, reason, note, approved_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`), r.TaskID, r.EntityCode, r.Replaced, r.Replacement, r.Reason, r.Note,
		r.ApprovedBy, formatTime(r.At)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record replacement in task %d: %w", r.TaskID, err)
	}
	r.ID = id
	return id, t.Audit(ctx, "team.replace", taskSubject(r.TaskID)+"/"+r.EntityCode,
		map[string]string{"member": r.Replaced}, r)
}

// Replacements returns the replacements made in a task, oldest first.
func (s *Store) Replacements(ctx context.Context,
	taskID int64) ([]doublerandom.Replacement, error) {
	rows, err := s.query(ctx, `SELECT id, task_id, entity_code, replaced, replacement, reason,
note, approved_by, at FROM replacements WHERE task_id = ? ORDER BY id`, taskID)
	if err != nil {
		return nil, fmt.Errorf("replacements of task %d: %w", taskID, err)
	}
	defer rows.Close()
	var out []doublerandom.Replacement
	for rows.Next() {
		var (
			r  doublerandom.Replacement
			at string
		)
		if err := rows.Scan(&r.ID, &r.TaskID, &r.EntityCode, &r.Replaced, &r.Replacement,
			&r.Reason, &r.Note, &r.ApprovedBy, &at); err != nil {
			return nil, fmt.Errorf("scan replacement: %w", err)
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
