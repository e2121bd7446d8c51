package store

import (
	"context"
	"fmt"

	"doublerandom"
)

// Assignments returns the businesses an inspector was drawn to inspect, with
// their teams, newest task first: what an inspector sees of the system's
// tasks (SPEC R21).
func (s *Store) Assignments(ctx context.Context,
	inspectorID string) ([]doublerandom.Assignment, error) {
	rows, err := s.query(ctx, `SELECT tm.task_id, tm.entity_code, tm.inspector_id
FROM team_members tm
WHERE EXISTS (SELECT 1 FROM team_members me WHERE me.task_id = tm.task_id
              AND me.entity_code = tm.entity_code AND me.inspector_id = ?)
ORDER BY tm.task_id DESC, tm.entity_code, tm.position`, inspectorID)
	if err != nil {
		return nil, fmt.Errorf("assignments of %s: %w", inspectorID, err)
	}
	defer rows.Close()
	var out []doublerandom.Assignment
	for rows.Next() {
		var (
			task     int64
			code, in string
		)
		if err := rows.Scan(&task, &code, &in); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].TaskID != task || out[n-1].EntityCode != code {
			out = append(out, doublerandom.Assignment{TaskID: task, EntityCode: code})
		}
		out[len(out)-1].Members = append(out[len(out)-1].Members, in)
	}
	return out, rows.Err()
}

func visitSubject(taskID int64, code string) string { return taskSubject(taskID) + "/" + code }

// AddNotification records that a business was told of its inspection.
func (t *Tx) AddNotification(ctx context.Context, n doublerandom.Notification) (int64, error) {
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO notifications (task_id, entity_code,
notified_at, channel, content, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id`), n.TaskID, n.EntityCode, formatTime(n.NotifiedAt), string(n.Channel), n.Content,
		n.RecordedBy, formatTime(n.RecordedAt)).Scan(&n.ID)
	if err != nil {
		return 0, fmt.Errorf("notification of %s: %w", n.EntityCode, err)
	}
	return n.ID, t.Audit(ctx, "inspection.notify", visitSubject(n.TaskID, n.EntityCode), nil, n)
}

// Notifications returns the notifications of one business in a task (of
// every business when code is ""), oldest first.
func (s *Store) Notifications(ctx context.Context, taskID int64,
	code string) ([]doublerandom.Notification, error) {
	q, args := `SELECT id, task_id, entity_code, notified_at, channel, content, recorded_by,
recorded_at FROM notifications WHERE task_id = ?`, []any{taskID}
	if code != "" {
		q, args = q+` AND entity_code = ?`, append(args, code)
	}
	rows, err := s.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("notifications of task %d: %w", taskID, err)
	}
	defer rows.Close()
	var out []doublerandom.Notification
	for rows.Next() {
		var (
			n             doublerandom.Notification
			ch, nat, rect string
		)
		if err := rows.Scan(&n.ID, &n.TaskID, &n.EntityCode, &nat, &ch, &n.Content,
			&n.RecordedBy, &rect); err != nil {
			return nil, fmt.Errorf("scan notification: %w", err)
		}
		n.Channel = doublerandom.Channel(ch)
		if n.NotifiedAt, err = parseTime(nat); err != nil {
			return nil, err
		}
		if n.RecordedAt, err = parseTime(rect); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PutInspectionRecord records (or corrects) the on-site record of one item
// at one business and returns its id. Its evidence files stay attached.
func (t *Tx) PutInspectionRecord(ctx context.Context, r doublerandom.InspectionRecord) (int64,
	error) {
	olds, err := t.s.inspectionRecords(ctx, t.tx, `WHERE task_id = ? AND entity_code = ?
AND item_id = ?`, r.TaskID, r.EntityCode, r.ItemID)
	if err != nil {
		return 0, err
	}
	var before any
	if len(olds) == 1 {
		before, r.ID = olds[0], olds[0].ID
		_, err = t.exec(ctx, `UPDATE inspection_records SET method = ?, findings = ?, problem = ?,
recorded_by = ?, recorded_at = ? WHERE id = ?`, string(r.Method), r.Findings, boolInt(r.Problem),
			r.RecordedBy, formatTime(r.RecordedAt), r.ID)
	} else {
		err = t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO inspection_records (task_id,
entity_code, item_id, method, findings, problem, recorded_by, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), r.TaskID, r.EntityCode, r.ItemID,
			string(r.Method), r.Findings, boolInt(r.Problem), r.RecordedBy,
			formatTime(r.RecordedAt)).Scan(&r.ID)
	}
	if err != nil {
		return 0, fmt.Errorf("record of item %d at %s: %w", r.ItemID, r.EntityCode, err)
	}
	r.Evidence = nil
	return r.ID, t.Audit(ctx, "inspection.record", visitSubject(r.TaskID, r.EntityCode), before, r)
}

const recordColumns = `id, task_id, entity_code, item_id, method, findings, problem,
recorded_by, recorded_at`

// InspectionRecords returns the on-site records of one business in a task
// (of every business when code is ""), with their evidence (without the
// bytes), ordered by business and item.
func (s *Store) InspectionRecords(ctx context.Context, taskID int64,
	code string) ([]doublerandom.InspectionRecord, error) {
	where, args := `WHERE task_id = ?`, []any{taskID}
	if code != "" {
		where, args = where+` AND entity_code = ?`, append(args, code)
	}
	recs, err := s.inspectionRecords(ctx, s.db, where, args...)
	if err != nil || len(recs) == 0 {
		return recs, err
	}
	ev, err := s.evidence(ctx, `WHERE record_id IN (SELECT id FROM inspection_records `+where+`)`,
		args...)
	if err != nil {
		return nil, err
	}
	byRecord := map[int64][]doublerandom.Evidence{}
	for _, e := range ev {
		byRecord[e.RecordID] = append(byRecord[e.RecordID], e)
	}
	for i := range recs {
		recs[i].Evidence = byRecord[recs[i].ID]
	}
	return recs, nil
}

func (s *Store) inspectionRecords(ctx context.Context, q querier, where string,
	args ...any) ([]doublerandom.InspectionRecord, error) {
	rows, err := q.QueryContext(ctx, s.rebind(`SELECT `+recordColumns+` FROM inspection_records `+
		where+` ORDER BY entity_code, item_id`), args...)
	if err != nil {
		return nil, fmt.Errorf("inspection records: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.InspectionRecord
	for rows.Next() {
		var (
			r          doublerandom.InspectionRecord
			method, at string
			problem    int
		)
		if err := rows.Scan(&r.ID, &r.TaskID, &r.EntityCode, &r.ItemID, &method, &r.Findings,
			&problem, &r.RecordedBy, &at); err != nil {
			return nil, fmt.Errorf("scan inspection record: %w", err)
		}
		r.Method, r.Problem = doublerandom.Method(method), problem != 0
		if r.RecordedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddEvidence stores an evidence file of an inspection record, content and
// all, and returns its id. The caller computes e.SHA256 and e.Size from
// content.
func (t *Tx) AddEvidence(ctx context.Context, e doublerandom.Evidence, content []byte) (int64,
	error) {
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO evidence (record_id, name,
content_type, size, sha256, content, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`), e.RecordID, e.Name, e.ContentType, e.Size, e.SHA256, content, e.UploadedBy,
		formatTime(e.UploadedAt)).Scan(&e.ID)
	if err != nil {
		return 0, fmt.Errorf("evidence %s: %w", e.Name, err)
	}
	return e.ID, t.Audit(ctx, "evidence.add", fmt.Sprintf("record/%d", e.RecordID), nil, e)
}

const evidenceColumns = `id, record_id, name, content_type, size, sha256, uploaded_by, uploaded_at`

// Evidence returns one evidence file's description and its content.
func (s *Store) Evidence(ctx context.Context, id int64) (*doublerandom.Evidence, []byte, error) {
	es, err := s.evidence(ctx, `WHERE id = ?`, id)
	if err != nil {
		return nil, nil, err
	}
	if len(es) == 0 {
		return nil, nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no evidence file %d", id)
	}
	var content []byte
	err = s.queryRow(ctx, `SELECT content FROM evidence WHERE id = ?`, id).Scan(&content)
	if err != nil {
		return nil, nil, fmt.Errorf("evidence %d: %w", id, err)
	}
	return &es[0], content, nil
}

func (s *Store) evidence(ctx context.Context, where string,
	args ...any) ([]doublerandom.Evidence, error) {
	rows, err := s.query(ctx, `SELECT `+evidenceColumns+` FROM evidence `+where+` ORDER BY id`,
		args...)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.Evidence
	for rows.Next() {
		var (
			e  doublerandom.Evidence
			at string
		)
		if err := rows.Scan(&e.ID, &e.RecordID, &e.Name, &e.ContentType, &e.Size, &e.SHA256,
			&e.UploadedBy, &at); err != nil {
			return nil, fmt.Errorf("scan evidence: %w", err)
		}
		if e.UploadedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// PutSignOff records (or corrects) how a business acknowledged its
// inspection record.
func (t *Tx) PutSignOff(ctx context.Context, so doublerandom.SignOff) error {
	_, err := t.exec(ctx, `INSERT INTO signoffs (task_id, entity_code, kind, signatory, reason,
witness, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (task_id, entity_code) DO UPDATE SET kind = excluded.kind,
signatory = excluded.signatory, reason = excluded.reason, witness = excluded.witness,
recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
		so.TaskID, so.EntityCode, string(so.Kind), so.Signatory, so.Reason, so.Witness,
		so.RecordedBy, formatTime(so.RecordedAt))
	if err != nil {
		return fmt.Errorf("sign-off of %s: %w", so.EntityCode, err)
	}
	return t.Audit(ctx, "inspection.signoff", visitSubject(so.TaskID, so.EntityCode), nil, so)
}

// SignOffs returns the sign-offs of a task by business code.
func (s *Store) SignOffs(ctx context.Context, taskID int64) (map[string]doublerandom.SignOff,
	error) {
	rows, err := s.query(ctx, `SELECT task_id, entity_code, kind, signatory, reason, witness,
recorded_by, recorded_at FROM signoffs WHERE task_id = ?`, taskID)
	if err != nil {
		return nil, fmt.Errorf("sign-offs of task %d: %w", taskID, err)
	}
	defer rows.Close()
	out := map[string]doublerandom.SignOff{}
	for rows.Next() {
		var (
			so       doublerandom.SignOff
			kind, at string
		)
		if err := rows.Scan(&so.TaskID, &so.EntityCode, &kind, &so.Signatory, &so.Reason,
			&so.Witness, &so.RecordedBy, &at); err != nil {
			return nil, fmt.Errorf("scan sign-off: %w", err)
		}
		so.Kind = doublerandom.SignKind(kind)
		if so.RecordedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out[so.EntityCode] = so
	}
	return out, rows.Err()
}

// Confirm records a team member's confirmation of a business's result in the
// task's result summary. Confirming twice keeps the first.
func (t *Tx) Confirm(ctx context.Context, c doublerandom.Confirmation) error {
	res, err := t.exec(ctx, `INSERT INTO confirmations (task_id, entity_code, inspector_id,
confirmed_at) VALUES (?, ?, ?, ?) ON CONFLICT (task_id, entity_code, inspector_id) DO NOTHING`,
		c.TaskID, c.EntityCode, c.InspectorID, formatTime(c.ConfirmedAt))
	if err != nil {
		return fmt.Errorf("confirmation of %s by %s: %w", c.EntityCode, c.InspectorID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return t.Audit(ctx, "summary.confirm", visitSubject(c.TaskID, c.EntityCode), nil, c)
}

// ClearConfirmations removes the confirmations of one business's result,
// because the result they confirmed has changed.
func (t *Tx) ClearConfirmations(ctx context.Context, taskID int64, code string) error {
	res, err := t.exec(ctx, `DELETE FROM confirmations WHERE task_id = ? AND entity_code = ?`,
		taskID, code)
	if err != nil {
		return fmt.Errorf("clear confirmations of %s: %w", code, err)
	}
	k, _ := res.RowsAffected()
	if k == 0 {
		return nil
	}
	return t.Audit(ctx, "summary.unconfirm", visitSubject(taskID, code),
		map[string]int64{"confirmations": k}, nil)
}

// Confirmations returns the confirmations of a task, by business code.
func (s *Store) Confirmations(ctx context.Context,
	taskID int64) (map[string][]doublerandom.Confirmation, error) {
	rows, err := s.query(ctx, `SELECT task_id, entity_code, inspector_id, confirmed_at
FROM confirmations WHERE task_id = ? ORDER BY entity_code, confirmed_at`, taskID)
	if err != nil {
		return nil, fmt.Errorf("confirmations of task %d: %w", taskID, err)
	}
	defer rows.Close()
	out := map[string][]doublerandom.Confirmation{}
	for rows.Next() {
		var (
			c  doublerandom.Confirmation
			at string
		)
		if err := rows.Scan(&c.TaskID, &c.EntityCode, &c.InspectorID, &at); err != nil {
			return nil, fmt.Errorf("scan confirmation: %w", err)
		}
		if c.ConfirmedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out[c.EntityCode] = append(out[c.EntityCode], c)
	}
	return out, rows.Err()
}

// InspectionRecord returns the on-site record with the given id, without its
// evidence.
func (s *Store) InspectionRecord(ctx context.Context,
	id int64) (*doublerandom.InspectionRecord, error) {
	recs, err := s.inspectionRecords(ctx, s.db, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no inspection record %d", id)
	}
	return &recs[0], nil
}
