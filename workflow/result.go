package workflow

import (
	"context"
	"fmt"

	"doublerandom"
	"doublerandom/store"
)

// RecordResult records the result of one drawn business of a drawn task,
// once the task's implementation rules are published and the business's
// inspection recorded. Results may be corrected until they are published; a
// correction clears the team's confirmations of it.
func (s *Service) RecordResult(ctx context.Context, r doublerandom.Result) error {
	t, err := s.Store.Task(ctx, r.TaskID)
	if err != nil {
		return err
	}
	if t.State != doublerandom.TaskDrawn {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d takes no results in state %s: results follow the draw and end at publication",
			t.ID, t.State)
	}
	if !r.Type.Valid() {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"result type %q is not one of the ten types of Art. 22", r.Type)
	}
	teams, err := s.Store.Teams(ctx, t.ID)
	if err != nil {
		return err
	}
	drawn := false
	for _, tm := range teams {
		drawn = drawn || tm.EntityCode == r.EntityCode
	}
	if !drawn {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"business %s was not drawn in task %d", r.EntityCode, t.ID)
	}
	if err := s.resultReady(ctx, t, r.EntityCode); err != nil {
		return err
	}
	r.RecordedAt = s.now()
	return s.Store.InTx(ctx, func(tx *store.Tx) error { return s.storeResult(ctx, tx, r) })
}

// Publish publishes a task's results once every drawn business has one,
// confirmed by every member of its team (Art. 21), and completes step 8 for
// the task's departments. Results published after their deadline are
// recorded as a missed deadline (SPEC R16). The published results then feed
// the risk classes of their businesses through the credit rules (UpdateCredit,
// SPEC R19), which the next stratified draws use.
func (s *Service) Publish(ctx context.Context, taskID int64) error {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return err
	}
	if t.State != doublerandom.TaskDrawn {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d cannot be published in state %s", t.ID, t.State)
	}
	teams, err := s.Store.Teams(ctx, taskID)
	if err != nil {
		return err
	}
	results, err := s.Store.Results(ctx, taskID)
	if err != nil {
		return err
	}
	has := map[string]bool{}
	for _, r := range results {
		has[r.EntityCode] = true
	}
	missing := 0
	for _, tm := range teams {
		if !has[tm.EntityCode] {
			missing++
		}
	}
	if missing > 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d: %d drawn businesses have no result yet", taskID, missing)
	}
	if err := s.publishable(ctx, t, teams); err != nil {
		return err
	}
	now := s.now()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := s.afterPublish(ctx, tx, t, now); err != nil {
			return err
		}
		return tx.SetTaskState(ctx, taskID, doublerandom.TaskDrawn, doublerandom.TaskPublished, now)
	})
	if err != nil {
		return err
	}
	if err := s.settleTaskPenalties(ctx, t); err != nil {
		return err
	}
	s.Logger.Info("results published", "task", taskID, "results", len(results))
	codes := make([]string, 0, len(results))
	for _, r := range results {
		codes = append(codes, r.EntityCode)
	}
	if _, err := s.UpdateCredit(ctx, codes); err != nil {
		return fmt.Errorf("task %d published, but its credit feedback failed: %w", taskID, err)
	}
	return nil
}
