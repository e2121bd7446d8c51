package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/store"
)

// EnterResult records the result of a business by a member of its team (谁
// 检查、谁录入): RecordResult for an inspector's own assignment.
func (s *Service) EnterResult(ctx context.Context, inspectorID string,
	r doublerandom.Result) error {
	if _, _, err := s.member(ctx, inspectorID, r.TaskID, r.EntityCode); err != nil {
		return err
	}
	r.RecordedBy = inspectorID
	return s.RecordResult(ctx, r)
}

// resultReady refuses a result for a business of task t before the task's
// implementation rules are published and the business's inspection is
// recorded: results come from inspections (Art. 21).
func (s *Service) resultReady(ctx context.Context, t *doublerandom.Task, code string) error {
	if err := s.inspectable(ctx, t, "recording the result"); err != nil {
		return err
	}
	recs, err := s.Store.InspectionRecords(ctx, t.ID, code)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"recording the result refused: business %s has no inspection record in task %d; "+
				"its team records the inspection of the task's items first (%s)", code, t.ID,
			doublerandom.StepInspection)
	}
	return nil
}

// storeResult stores a result and, when it changes one already confirmed,
// clears the confirmations, which no longer confirm what is stored.
func (s *Service) storeResult(ctx context.Context, tx *store.Tx, r doublerandom.Result) error {
	old, err := s.Store.Results(ctx, r.TaskID)
	if err != nil {
		return err
	}
	same := func(o doublerandom.Result) bool { return o.EntityCode == r.EntityCode }
	i := slices.IndexFunc(old, same)
	if err := tx.PutResult(ctx, r); err != nil {
		return err
	}
	if i >= 0 && old[i].Type == r.Type && old[i].Note == r.Note {
		return nil
	}
	return tx.ClearConfirmations(ctx, r.TaskID, r.EntityCode)
}

// publishable refuses publishing task t's results before its departments
// have done steps 1 to 7 and every member of every team has confirmed his
// business's result in the result summary.
func (s *Service) publishable(ctx context.Context, t *doublerandom.Task,
	teams []doublerandom.Team) error {
	err := s.requireTaskSteps(ctx, t, doublerandom.StepResults, "publishing the results")
	if err != nil {
		return err
	}
	cs, err := s.Store.Confirmations(ctx, t.ID)
	if err != nil {
		return err
	}
	var missing []string
	for _, tm := range teams {
		for _, m := range tm.Members {
			if !slices.ContainsFunc(cs[tm.EntityCode], func(c doublerandom.Confirmation) bool {
				return c.InspectorID == m
			}) {
				missing = append(missing, tm.EntityCode+" ("+m+")")
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	more := ""
	if len(missing) > 5 {
		more, missing = fmt.Sprintf(" and %d more", len(missing)-5), missing[:5]
	}
	return doublerandom.Errorf(doublerandom.ECONFLICT,
		"publishing the results of task %d refused: the result summary is not confirmed by "+
			"every team member (Art. 21); missing: %s%s", t.ID, strings.Join(missing, ", "), more)
}

// afterPublish completes step 8 for the task's departments and records a
// missed deadline when the results are late.
func (s *Service) afterPublish(ctx context.Context, tx *store.Tx, t *doublerandom.Task,
	now time.Time) error {
	if err := s.completeTaskSteps(ctx, tx, t, doublerandom.StepResults,
		fmt.Sprintf("task/%d/results", t.ID)); err != nil {
		return err
	}
	due, _ := s.resultsDue(t)
	if !dateOf(now).After(due) {
		return nil
	}
	_, err := tx.RecordMissed(ctx, doublerandom.Missed{Kind: doublerandom.DeadlineResults,
		Ref: t.ID, Dept: t.LeadDept, Due: due, RecordedAt: now, DoneAt: now})
	return err
}
