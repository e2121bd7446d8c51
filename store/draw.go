package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"doublerandom"
)

// AddDraw stores a new draw of a task and returns its id.
func (t *Tx) AddDraw(ctx context.Context, d doublerandom.Draw) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO draws (task_id, state,
candidate_sha256, candidates, record, created_at, drawn_at) VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id`), d.TaskID, string(d.State), d.CandidateSHA256, string(d.Candidates),
		string(d.Record), formatTime(d.CreatedAt), formatTime(d.DrawnAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add draw of task %d: %w", d.TaskID, err)
	}
	return id, t.Audit(ctx, "draw.add", taskSubject(d.TaskID), nil, drawSummary(id, d))
}

// UpdateDraw replaces the record of a draw and moves it from state from to
// d.State; it fails with a conflict when the draw is no longer in state from.
// The frozen candidate list never changes.
func (t *Tx) UpdateDraw(ctx context.Context, d doublerandom.Draw,
	from doublerandom.DrawState) error {
	res, err := t.exec(ctx, `UPDATE draws SET state = ?, record = ?, drawn_at = ?
WHERE id = ? AND state = ?`, string(d.State), string(d.Record), formatTime(d.DrawnAt), d.ID,
		string(from))
	if err != nil {
		return fmt.Errorf("update draw %d: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "draw %d is not in state %q", d.ID, from)
	}
	return t.Audit(ctx, "draw.update", taskSubject(d.TaskID),
		map[string]string{"state": string(from)}, drawSummary(d.ID, d))
}

// drawSummary is what the audit log keeps of a draw: its state and the hashes
// of its candidate list and record, which are themselves stored and public.
func drawSummary(id int64, d doublerandom.Draw) map[string]any {
	rec := sha256.Sum256(d.Record)
	return map[string]any{"draw": id, "state": d.State, "candidate_sha256": d.CandidateSHA256,
		"record_sha256": hex.EncodeToString(rec[:])}
}

const drawColumns = `id, task_id, state, candidate_sha256, candidates, record, created_at, drawn_at,
void_reason, voided_by, voided_at`

// Draws returns every draw of a task, void ones included, oldest first.
func (s *Store) Draws(ctx context.Context, taskID int64) ([]doublerandom.Draw, error) {
	rows, err := s.query(ctx, `SELECT `+drawColumns+` FROM draws WHERE task_id = ? ORDER BY id`,
		taskID)
	if err != nil {
		return nil, fmt.Errorf("draws of task %d: %w", taskID, err)
	}
	return scanDraws(rows)
}

// CurrentDraw returns the draw of a task that is not void.
func (s *Store) CurrentDraw(ctx context.Context, taskID int64) (*doublerandom.Draw, error) {
	rows, err := s.query(ctx, `SELECT `+drawColumns+` FROM draws WHERE task_id = ? AND state <> ?
ORDER BY id DESC LIMIT 1`, taskID, string(doublerandom.DrawVoid))
	if err != nil {
		return nil, fmt.Errorf("draw of task %d: %w", taskID, err)
	}
	ds, err := scanDraws(rows)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "task %d has no draw", taskID)
	}
	return &ds[0], nil
}

func scanDraws(rows *sql.Rows) ([]doublerandom.Draw, error) {
	defer rows.Close()
	var out []doublerandom.Draw
	for rows.Next() {
		var (
			d                      doublerandom.Draw
			state, cands, rec      string
			created, drawn, voided string
		)
		if err := rows.Scan(&d.ID, &d.TaskID, &state, &d.CandidateSHA256, &cands, &rec,
			&created, &drawn, &d.VoidReason, &d.VoidedBy, &voided); err != nil {
			return nil, fmt.Errorf("scan draw: %w", err)
		}
		d.State, d.Candidates, d.Record = doublerandom.DrawState(state), []byte(cands), []byte(rec)
		var err error
		if d.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if d.DrawnAt, err = parseTime(drawn); err != nil {
			return nil, err
		}
		if d.VoidedAt, err = parseTime(voided); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetTeams stores the teams of a task, replacing any stored before.
func (t *Tx) SetTeams(ctx context.Context, taskID int64, teams []doublerandom.Team) error {
	if _, err := t.exec(ctx, `DELETE FROM team_members WHERE task_id = ?`, taskID); err != nil {
		return fmt.Errorf("teams of task %d: %w", taskID, err)
	}
	for _, tm := range teams {
		for i, m := range tm.Members {
			if _, err := t.exec(ctx, `INSERT INTO team_members (task_id, entity_code, inspector_id,
position) VALUES (?, ?, ?, ?)`, taskID, tm.EntityCode, m, i); err != nil {
				return fmt.Errorf("team of %s in task %d: %w", tm.EntityCode, taskID, err)
			}
		}
	}
	return t.Audit(ctx, "teams.set", taskSubject(taskID), nil, teams)
}

// Teams returns the teams of a task, ordered by business code.
func (s *Store) Teams(ctx context.Context, taskID int64) ([]doublerandom.Team, error) {
	rows, err := s.query(ctx, `SELECT entity_code, inspector_id FROM team_members
WHERE task_id = ? ORDER BY entity_code, position`, taskID)
	if err != nil {
		return nil, fmt.Errorf("teams of task %d: %w", taskID, err)
	}
	defer rows.Close()
	var out []doublerandom.Team
	for rows.Next() {
		var code, in string
		if err := rows.Scan(&code, &in); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].EntityCode != code {
			out = append(out, doublerandom.Team{TaskID: taskID, EntityCode: code})
		}
		out[len(out)-1].Members = append(out[len(out)-1].Members, in)
	}
	return out, rows.Err()
}

// InspectionCounts returns, for each business, how many tasks with an
// inspection date in the given calendar year drew it, counting only tasks
// whose items are not all exempt from the twice-a-year cap (Art. 13).
func (s *Store) InspectionCounts(ctx context.Context, year int) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT tm.entity_code, COUNT(DISTINCT tm.task_id)
FROM team_members tm JOIN tasks t ON t.id = tm.task_id
WHERE t.inspection_date >= ? AND t.inspection_date < ?
AND EXISTS (SELECT 1 FROM task_items ti JOIN items i ON i.id = ti.item_id
            WHERE ti.task_id = t.id AND i.livelihood = 0)
GROUP BY tm.entity_code`,
		fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1))
	if err != nil {
		return nil, fmt.Errorf("inspection counts %d: %w", year, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var (
			code string
			n    int
		)
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

// LastInspectors returns, for each business, the inspectors of the most
// recent task before the given task that drew it, so that the same inspector
// does not inspect a business twice in a row.
func (s *Store) LastInspectors(ctx context.Context, beforeTask int64) (map[string][]string, error) {
	rows, err := s.query(ctx, `SELECT tm.entity_code, tm.inspector_id FROM team_members tm
WHERE tm.task_id = (SELECT MAX(t2.task_id) FROM team_members t2
                    WHERE t2.entity_code = tm.entity_code AND t2.task_id < ?)
ORDER BY tm.entity_code, tm.position`, beforeTask)
	if err != nil {
		return nil, fmt.Errorf("last inspectors: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var code, in string
		if err := rows.Scan(&code, &in); err != nil {
			return nil, err
		}
		out[code] = append(out[code], in)
	}
	return out, rows.Err()
}
