package workflow

import (
	"context"
	"slices"
	"time"

	"doublerandom"
	"doublerandom/store"
)

// MergeOffer is an offer to merge two tasks not yet drawn into one joint
// visit (进一次门、查多项事): led by different departments, with
// overlapping inspection windows and object scopes that share businesses,
// so that the same business could otherwise be visited twice.
type MergeOffer struct {
	Into, From doublerandom.Task
	// Shared counts the active businesses both tasks could draw.
	Shared int
	// First and Last bound the days both windows share: the merged task's
	// inspection dates.
	First, Last time.Time
}

// MergeOffers returns the merge offers among the tasks not yet drawn; with
// dept set, only those of tasks the department leads or joins. The task
// created first is offered as the one to merge into.
func (s *Service) MergeOffers(ctx context.Context, dept string) ([]MergeOffer, error) {
	tasks, err := s.Store.Tasks(ctx, doublerandom.TaskCreated)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(tasks, func(a, b doublerandom.Task) int { return int(a.ID - b.ID) })
	scopes := make([]doublerandom.Scope, len(tasks))
	for i := range tasks {
		if scopes[i], err = s.taskScope(ctx, &tasks[i]); err != nil {
			return nil, err
		}
	}
	var offers []MergeOffer
	for i := range tasks {
		for j := i + 1; j < len(tasks); j++ {
			a, b := tasks[i], tasks[j]
			if a.LeadDept == b.LeadDept {
				continue
			}
			if dept != "" && !slices.Contains(a.Departments(), dept) &&
				!slices.Contains(b.Departments(), dept) {
				continue
			}
			first := latest(a.InspectionDate, b.InspectionDate)
			last := earliest(a.LastDay(), b.LastDay())
			if last.Before(first) {
				continue
			}
			offers = append(offers, MergeOffer{Into: a, From: b, First: first, Last: last})
		}
	}
	if len(offers) == 0 {
		return nil, nil
	}
	return s.countShared(ctx, offers, tasks, scopes)
}

// countShared counts the businesses each offer's two scopes share, reading
// the directory once, and drops the offers that share none.
func (s *Service) countShared(ctx context.Context, offers []MergeOffer, tasks []doublerandom.Task,
	scopes []doublerandom.Scope) ([]MergeOffer, error) {
	scopeOf := map[int64]doublerandom.Scope{}
	for i, t := range tasks {
		scopeOf[t.ID] = scopes[i]
	}
	es, err := s.Store.Entities(ctx, store.EntityFilter{Status: doublerandom.StatusActive})
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		for k := range offers {
			o := &offers[k]
			if scopeOf[o.Into.ID].Matches(e) && scopeOf[o.From.ID].Matches(e) {
				o.Shared++
			}
		}
	}
	return slices.DeleteFunc(offers, func(o MergeOffer) bool { return o.Shared == 0 }), nil
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// MergeTasks accepts a merge offer: task from joins task into, whose
// departments and items become both tasks', with inspections on the days
// both windows share; from ends as merged. Both must still be undrawn.
// The merged task keeps the plan and object scope of into.
func (s *Service) MergeTasks(ctx context.Context, intoID, fromID int64) (*doublerandom.Task,
	error) {
	if intoID == fromID {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "a task cannot merge into itself")
	}
	into, err := s.Store.Task(ctx, intoID)
	if err != nil {
		return nil, err
	}
	from, err := s.Store.Task(ctx, fromID)
	if err != nil {
		return nil, err
	}
	for _, t := range []*doublerandom.Task{into, from} {
		if t.State != doublerandom.TaskCreated {
			return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
				"task %d is %s: only tasks not yet frozen can be merged", t.ID, t.State)
		}
	}
	first := latest(into.InspectionDate, from.InspectionDate)
	last := earliest(into.LastDay(), from.LastDay())
	if last.Before(first) {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"tasks %d and %d share no inspection day: there is no joint visit to make",
			intoID, fromID)
	}
	for _, d := range from.Departments() {
		if d != into.LeadDept && !slices.Contains(into.Participating, d) {
			into.Participating = append(into.Participating, d)
		}
	}
	for _, id := range from.ItemIDs {
		if !slices.Contains(into.ItemIDs, id) {
			into.ItemIDs = append(into.ItemIDs, id)
		}
	}
	slices.Sort(into.ItemIDs)
	into.InspectionDate, into.InspectionEnd = first, last
	err = s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.MergeTask(ctx, *into, fromID) })
	if err != nil {
		return nil, err
	}
	s.Logger.Info("tasks merged", "into", intoID, "from", fromID)
	return s.Store.Task(ctx, intoID)
}
