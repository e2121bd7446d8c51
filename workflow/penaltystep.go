package workflow

import (
	"context"
	"fmt"
	"slices"

	"doublerandom"
	"doublerandom/store"
)

// yearTasks returns the tasks of a year that dept leads or joins, merged
// tasks left out.
func (s *Service) yearTasks(ctx context.Context, dept string, year int) ([]doublerandom.Task,
	error) {
	all, err := s.Store.Tasks(ctx)
	if err != nil {
		return nil, err
	}
	years := map[int64]int{}
	var out []doublerandom.Task
	for _, t := range all {
		other := dept != "" && !slices.Contains(t.Departments(), dept)
		if t.State == doublerandom.TaskMerged || other {
			continue
		}
		y, ok := years[t.PlanID]
		if !ok {
			if y, err = s.taskYear(ctx, &t); err != nil {
				return nil, err
			}
			if t.PlanID != 0 {
				years[t.PlanID] = y
			}
		}
		if y == year {
			out = append(out, t)
		}
	}
	return out, nil
}

// penaltiesPending lists what keeps step 9 (penalties published) of a
// department's year open: a problem pending follow-up in one of its
// published tasks that was never handed over, a follow-up handed to it and
// still open, or a penalty decision of its own not yet published.
func (s *Service) penaltiesPending(ctx context.Context, dept string, year int) ([]string, error) {
	tasks, err := s.yearTasks(ctx, dept, year)
	if err != nil {
		return nil, err
	}
	var pending []string
	for _, t := range tasks {
		if t.State != doublerandom.TaskPublished {
			continue
		}
		results, err := s.Store.Results(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		fs, err := s.Store.FollowUps(ctx, store.FollowUpFilter{TaskID: t.ID})
		if err != nil {
			return nil, err
		}
		for _, r := range results {
			handed := slices.ContainsFunc(fs, func(f doublerandom.FollowUp) bool {
				return f.EntityCode == r.EntityCode
			})
			if r.Type == doublerandom.ResultPendingFollow && !handed {
				pending = append(pending, fmt.Sprintf(
					"the problem found at %s in task %d is not handed over", r.EntityCode, t.ID))
			}
		}
	}
	open, err := s.Store.FollowUps(ctx, store.FollowUpFilter{ToDept: dept,
		State: doublerandom.FollowUpOpen})
	if err != nil {
		return nil, err
	}
	inYear := map[int64]bool{}
	all, err := s.yearTasks(ctx, "", year)
	if err != nil {
		return nil, err
	}
	for _, t := range all {
		inYear[t.ID] = true
	}
	for _, f := range open {
		if inYear[f.TaskID] {
			pending = append(pending, fmt.Sprintf("follow-up %d (%s) is still open", f.ID,
				f.EntityCode))
		}
	}
	ps, err := s.Store.Penalties(ctx, store.PenaltyFilter{Dept: dept, Unpublished: true})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if inYear[p.TaskID] || (p.TaskID == 0 && p.DecidedOn.Year() == year) {
			pending = append(pending, fmt.Sprintf("penalty decision %s is not published",
				p.DecisionNo))
		}
	}
	return pending, nil
}

// settle completes step 9 of a department's year when step 8 is done and
// nothing is pending (penaltiesPending).
func (s *Service) settle(ctx context.Context, dept string, year int) error {
	recs, err := s.Store.StepRecords(ctx, year, dept)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(recs, func(r doublerandom.StepRecord) bool {
		return r.Step == doublerandom.StepResults
	}) {
		return nil
	}
	pending, err := s.penaltiesPending(ctx, dept, year)
	if err != nil || len(pending) > 0 {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		return s.completeSteps(ctx, tx, []string{dept}, year, doublerandom.StepPenalties,
			fmt.Sprintf("penalties/%s/%d", dept, year))
	})
}

// settleTaskPenalties tries step 9 for every department of task t.
func (s *Service) settleTaskPenalties(ctx context.Context, t *doublerandom.Task) error {
	year, err := s.taskYear(ctx, t)
	if err != nil {
		return err
	}
	for _, d := range t.Departments() {
		if err := s.settle(ctx, d, year); err != nil {
			return err
		}
	}
	return nil
}

// settleAfter tries step 9 after a follow-up or penalty of a task (0 for
// none) changed, for the department dept and the task's departments.
func (s *Service) settleAfter(ctx context.Context, taskID int64, dept string) error {
	year := s.today().Year()
	if taskID != 0 {
		t, err := s.Store.Task(ctx, taskID)
		if err != nil {
			return err
		}
		if err := s.settleTaskPenalties(ctx, t); err != nil {
			return err
		}
		if year, err = s.taskYear(ctx, t); err != nil {
			return err
		}
	}
	return s.settle(ctx, dept, year)
}
