package workflow

import (
	"context"
	"slices"

	"doublerandom"
	"doublerandom/store"
)

// Visit is everything about the inspection of one business in one task: the
// pre-check view (预查比对, Art. 20: registry data, risk class, past checks
// and penalties) and what the team has recorded so far.
type Visit struct {
	Task   *doublerandom.Task
	Entity *doublerandom.Entity
	Team   []doublerandom.Inspector // leader first
	Items  []doublerandom.Item
	// Rules are the task's implementation rules, nil until published.
	Rules *doublerandom.TaskRules
	// History holds the business's results in other tasks, newest first;
	// Penalties and Referrals its penalty decisions and referrals.
	History       []doublerandom.Result
	Penalties     []doublerandom.Penalty
	Referrals     []doublerandom.Referral
	Notifications []doublerandom.Notification
	Records       []doublerandom.InspectionRecord
	SignOff       *doublerandom.SignOff
	Result        *doublerandom.Result
	Confirmations []doublerandom.Confirmation
}

// Record returns the visit's record of an item, or nil.
func (v *Visit) Record(itemID int64) *doublerandom.InspectionRecord {
	for i := range v.Records {
		if v.Records[i].ItemID == itemID {
			return &v.Records[i]
		}
	}
	return nil
}

// Confirmed reports whether the inspector confirmed the visit's result.
func (v *Visit) Confirmed(inspectorID string) bool {
	return slices.ContainsFunc(v.Confirmations, func(c doublerandom.Confirmation) bool {
		return c.InspectorID == inspectorID
	})
}

// InspectorVisit returns the visit of one of the inspector's own
// assignments; any other is refused.
func (s *Service) InspectorVisit(ctx context.Context, inspectorID string, taskID int64,
	code string) (*Visit, error) {
	if _, _, err := s.member(ctx, inspectorID, taskID, code); err != nil {
		return nil, err
	}
	return s.Visit(ctx, taskID, code)
}

// Visit returns the visit of a drawn business of a task, for staff who may
// see the task's department data; the caller checks that they may.
func (s *Service) Visit(ctx context.Context, taskID int64, code string) (*Visit, error) {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return nil, err
	}
	v := &Visit{Task: t}
	if v.Entity, err = s.Store.Entity(ctx, code); err != nil {
		return nil, err
	}
	if err := s.fillTeam(ctx, v); err != nil {
		return nil, err
	}
	if v.Items, err = s.taskItems(ctx, t); err != nil {
		return nil, err
	}
	v.Rules, err = s.Store.TaskRules(ctx, taskID)
	if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if err := s.fillHistory(ctx, v); err != nil {
		return nil, err
	}
	if v.Notifications, err = s.Store.Notifications(ctx, taskID, code); err != nil {
		return nil, err
	}
	if v.Records, err = s.Store.InspectionRecords(ctx, taskID, code); err != nil {
		return nil, err
	}
	sos, err := s.Store.SignOffs(ctx, taskID)
	if err != nil {
		return nil, err
	}
	if so, ok := sos[code]; ok {
		v.SignOff = &so
	}
	rs, err := s.Store.Results(ctx, taskID)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		if rs[i].EntityCode == code {
			v.Result = &rs[i]
		}
	}
	cs, err := s.Store.Confirmations(ctx, taskID)
	v.Confirmations = cs[code]
	return v, err
}

func (s *Service) fillTeam(ctx context.Context, v *Visit) error {
	teams, err := s.Store.Teams(ctx, v.Task.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(teams, func(tm doublerandom.Team) bool {
		return tm.EntityCode == v.Entity.Code
	})
	if i < 0 {
		return doublerandom.Errorf(doublerandom.ENOTFOUND,
			"business %s was not drawn in task %d", v.Entity.Code, v.Task.ID)
	}
	ins, err := s.Store.Inspectors(ctx, v.Task.Departments()...)
	if err != nil {
		return err
	}
	for _, id := range teams[i].Members {
		j := slices.IndexFunc(ins, func(in doublerandom.Inspector) bool { return in.ID == id })
		if j >= 0 {
			v.Team = append(v.Team, ins[j])
		}
	}
	return nil
}

// fillHistory adds the business's results in other tasks, its penalty
// decisions and referrals: the pre-check of Art. 20 (一).
func (s *Service) fillHistory(ctx context.Context, v *Visit) error {
	rs, err := s.Store.PublishedResults(ctx, v.Entity.Code)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.TaskID != v.Task.ID {
			v.History = append(v.History, r)
		}
	}
	if v.Penalties, err = s.Store.Penalties(ctx, store.PenaltyFilter{
		EntityCode: v.Entity.Code}); err != nil {
		return err
	}
	v.Referrals, err = s.Store.Referrals(ctx, v.Entity.Code)
	return err
}

// AssignmentView is one of an inspector's assignments, with how far its
// visit has come.
type AssignmentView struct {
	doublerandom.Assignment
	Task       *doublerandom.Task
	EntityName string
	Notified   bool
	Records    int
	Signed     bool
	Result     doublerandom.ResultType // "" until entered
	Confirmed  bool                    // by this inspector
}

// Assignments returns an inspector's own assignments, newest task first.
func (s *Service) Assignments(ctx context.Context, inspectorID string) ([]AssignmentView, error) {
	as, err := s.Store.Assignments(ctx, inspectorID)
	if err != nil {
		return nil, err
	}
	out := make([]AssignmentView, 0, len(as))
	for _, a := range as {
		v, err := s.Visit(ctx, a.TaskID, a.EntityCode)
		if err != nil {
			return nil, err
		}
		av := AssignmentView{Assignment: a, Task: v.Task, EntityName: v.Entity.Name,
			Notified: len(v.Notifications) > 0, Records: len(v.Records),
			Signed: v.SignOff != nil, Confirmed: v.Confirmed(inspectorID)}
		if v.Result != nil {
			av.Result = v.Result.Type
		}
		out = append(out, av)
	}
	return out, nil
}

// Confirm records a team member's confirmation of the result of the business
// in the task's result summary (Art. 21). The result, an inspection record
// and the business's sign-off must be there to confirm.
func (s *Service) Confirm(ctx context.Context, inspectorID string, taskID int64,
	code string) error {
	t, _, err := s.member(ctx, inspectorID, taskID, code)
	if err != nil {
		return err
	}
	if err := s.inspectable(ctx, t, "the confirmation"); err != nil {
		return err
	}
	v, err := s.Visit(ctx, taskID, code)
	if err != nil {
		return err
	}
	switch {
	case len(v.Records) == 0:
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"business %s has no inspection record: nothing to confirm yet", code)
	case v.SignOff == nil:
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"business %s's sign-off (signature, seal or the reason it is missing) is not "+
				"recorded yet", code)
	case v.Result == nil:
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"business %s has no result yet: the team enters its result first", code)
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.Confirm(ctx, doublerandom.Confirmation{TaskID: taskID, EntityCode: code,
			InspectorID: inspectorID, ConfirmedAt: s.now()})
	})
}
