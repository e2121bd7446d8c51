package store

import (
	"context"
	"fmt"
	"strings"

	"doublerandom"
)

// MergeTask merges task from into task into, both still in the created
// state: into takes the departments, items and inspection dates given in
// it, and from ends in the merged state pointing at into. It fails with a
// conflict when either task has left the created state.
func (t *Tx) MergeTask(ctx context.Context, into doublerandom.Task, fromID int64) error {
	res, err := t.exec(ctx, `UPDATE tasks SET participating = ?, inspection_date = ?,
inspection_end = ? WHERE id = ? AND state = ?`, strings.Join(into.Participating, ","),
		formatDate(into.InspectionDate), formatDate(into.InspectionEnd), into.ID,
		string(doublerandom.TaskCreated))
	if err != nil {
		return fmt.Errorf("merge into task %d: %w", into.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "task %d is no longer open to merging",
			into.ID)
	}
	res, err = t.exec(ctx, `UPDATE tasks SET state = ?, merged_into = ?
WHERE id = ? AND state = ?`,
		string(doublerandom.TaskMerged), into.ID, fromID, string(doublerandom.TaskCreated))
	if err != nil {
		return fmt.Errorf("merge task %d: %w", fromID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "task %d is no longer open to merging",
			fromID)
	}
	if _, err := t.exec(ctx, `DELETE FROM task_items WHERE task_id = ?`, into.ID); err != nil {
		return fmt.Errorf("merge into task %d: %w", into.ID, err)
	}
	for _, id := range into.ItemIDs {
		if _, err := t.exec(ctx, `INSERT INTO task_items (task_id, item_id) VALUES (?, ?)`,
			into.ID, id); err != nil {
			return fmt.Errorf("merge into task %d: item %d: %w", into.ID, id, err)
		}
	}
	return t.Audit(ctx, "task.merge", taskSubject(into.ID), map[string]int64{"merged": fromID},
		into)
}
