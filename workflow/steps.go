package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"doublerandom"
	"doublerandom/store"
)

// China is the time zone of the district's calendar: a date, a year or a
// deadline is counted on Beijing time. China keeps no daylight saving time,
// so a fixed zone is exact.
var China = time.FixedZone("CST", 8*60*60)

// today returns the current date in China as midnight UTC, the form dates
// take throughout the system.
func (s *Service) today() time.Time { return dateOf(s.now()) }

// dateOf returns t's date in China as midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.In(China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// taskYear is the year whose ten steps a task belongs to: its plan's year,
// or the year of its inspection date.
func (s *Service) taskYear(ctx context.Context, t *doublerandom.Task) (int, error) {
	if t.PlanID == 0 {
		return t.InspectionDate.Year(), nil
	}
	p, err := s.Store.Plan(ctx, t.PlanID)
	if err != nil {
		return 0, err
	}
	return p.Year, nil
}

// stepHint tells a department how to complete each step.
var stepHint = map[doublerandom.Step]string{
	doublerandom.StepList: "publish its item list (抽查事项清单)",
	doublerandom.StepPlan: "propose a plan it leads or joins and have the joint meeting " +
		"office publish the district annual plan with it",
	doublerandom.StepObjects: "build its object directory: it holds no active business " +
		"(import the registry or set the directory's rules)",
	doublerandom.StepInspectors: "import its inspector directory: it has no active inspector " +
		"with a valid enforcement certificate",
	doublerandom.StepMatching:   "freeze and draw one of its tasks",
	doublerandom.StepRules:      "publish the implementation rules (实施细则) of a drawn task",
	doublerandom.StepInspection: "record the inspections of a drawn task",
	doublerandom.StepResults:    "publish the results of a task",
	doublerandom.StepPenalties: "hand over every problem found and publish every penalty " +
		"decision of its published tasks",
	doublerandom.StepArchive: "deliver its archive of the year to the joint meeting office",
}

// Progress is a department's position in the ten steps of a year (SPEC R8).
type Progress struct {
	Dept string
	Year int
	// Done holds the recorded completion of each step done.
	Done map[doublerandom.Step]doublerandom.StepRecord
	// Present marks steps 3 and 4 whose directories are present now but
	// that are recorded only when the department first needs them.
	Present map[doublerandom.Step]bool
	// Next is the first step not done, 0 when all ten are.
	Next doublerandom.Step
}

// IsDone reports whether step st is recorded or, for a directory, present.
func (p *Progress) IsDone(st doublerandom.Step) bool {
	_, ok := p.Done[st]
	return ok || p.Present[st]
}

// Progress returns where a department stands in the ten steps of a year.
func (s *Service) Progress(ctx context.Context, dept string, year int) (*Progress, error) {
	all, err := s.ProgressAll(ctx, year)
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.Dept == dept {
			return p, nil
		}
	}
	return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no department %q", dept)
}

// ProgressAll returns every department's position in the ten steps of a
// year, ordered by department code: what the joint meeting office follows.
func (s *Service) ProgressAll(ctx context.Context, year int) ([]*Progress, error) {
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	recs, err := s.Store.StepRecords(ctx, year, "")
	if err != nil {
		return nil, err
	}
	out := make([]*Progress, 0, len(depts))
	byDept := map[string]*Progress{}
	for _, d := range depts {
		p := &Progress{Dept: d.Code, Year: year,
			Done:    map[doublerandom.Step]doublerandom.StepRecord{},
			Present: map[doublerandom.Step]bool{}}
		byDept[d.Code] = p
		out = append(out, p)
	}
	for _, r := range recs {
		if p := byDept[r.Dept]; p != nil {
			p.Done[r.Step] = r
		}
	}
	for _, p := range out {
		for _, st := range directorySteps {
			if _, ok := p.Done[st]; ok {
				continue
			}
			ref, err := s.detect(ctx, p.Dept, year, st)
			if err != nil {
				return nil, err
			}
			p.Present[st] = ref != ""
		}
		for _, st := range doublerandom.Steps {
			if !p.IsDone(st) {
				p.Next = st
				break
			}
		}
	}
	return out, nil
}

// detect looks for the state that completes a step without an event of its
// own: a published item list still in force (step 1), an object directory
// (step 3), an inspector directory (step 4). It returns a reference to what
// it found, or "" when the step is not done.
func (s *Service) detect(ctx context.Context, dept string, year int,
	st doublerandom.Step) (string, error) {
	switch st {
	case doublerandom.StepList:
		pubs, err := s.Store.ListPublications(ctx, dept)
		if err != nil || len(pubs) == 0 {
			return "", err
		}
		if pubs[0].PublishedAt.In(China).Year() > year {
			return "", nil
		}
		sum, n, err := s.listHash(ctx, dept)
		if err != nil || sum != pubs[0].SHA256 || n == 0 {
			return "", err
		}
		return fmt.Sprintf("list/%d", pubs[0].ID), nil
	case doublerandom.StepObjects:
		// The department's object directory as it stands now: one active
		// business in it is enough.
		err := s.Store.EachDirectoryEntity(ctx, []string{dept}, time.Time{},
			func(e *doublerandom.Entity) error {
				if e.Status == doublerandom.StatusActive {
					return errFound
				}
				return nil
			})
		if errors.Is(err, errFound) {
			return "directory/objects/" + dept, nil
		}
		return "", err
	case doublerandom.StepInspectors:
		ins, err := s.Store.Inspectors(ctx, dept)
		if err != nil {
			return "", err
		}
		for _, in := range ins {
			if in.ValidOn(s.today()) {
				return "directory/inspectors/" + dept, nil
			}
		}
	}
	return "", nil
}

// requireSteps refuses action unless every department of depts has done
// every step before st in year. Steps that complete from a state rather
// than an event (1, 3, 4) are recorded here when found. The error names the
// first department and step missing and how to complete it.
func (s *Service) requireSteps(ctx context.Context, depts []string, year int,
	st doublerandom.Step, action string) error {
	recs, err := s.Store.StepRecords(ctx, year, "")
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, r := range recs {
		done[fmt.Sprintf("%s/%d", r.Dept, r.Step)] = true
	}
	for _, d := range depts {
		for _, need := range doublerandom.Steps {
			if need >= st {
				break
			}
			if done[fmt.Sprintf("%s/%d", d, need)] {
				continue
			}
			ref, err := s.detect(ctx, d, year, need)
			if err != nil {
				return err
			}
			if ref == "" {
				return doublerandom.Errorf(doublerandom.ECONFLICT,
					"%s refused: department %s has not completed %s of %d; first %s",
					action, d, need, year, stepHint[need])
			}
			err = s.Store.InTx(ctx, func(tx *store.Tx) error {
				return s.completeSteps(ctx, tx, []string{d}, year, need, ref)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// completeSteps records step st of year as done by each department of depts
// through the event ref, unless already recorded.
func (s *Service) completeSteps(ctx context.Context, tx *store.Tx, depts []string, year int,
	st doublerandom.Step, ref string) error {
	for _, d := range depts {
		ok, err := tx.CompleteStep(ctx, doublerandom.StepRecord{Dept: d, Year: year, Step: st,
			DoneAt: s.now(), Ref: ref, Actor: doublerandom.ActorFrom(ctx).ID})
		if err != nil {
			return err
		}
		if ok {
			s.Logger.Info("step completed", "dept", d, "year", year, "step", int(st), "ref", ref)
		}
	}
	return nil
}

// requireTaskSteps refuses action on task t unless every department of the
// task has done every step before st in the task's year.
func (s *Service) requireTaskSteps(ctx context.Context, t *doublerandom.Task,
	st doublerandom.Step, action string) error {
	year, err := s.taskYear(ctx, t)
	if err != nil {
		return err
	}
	return s.requireSteps(ctx, t.Departments(), year, st,
		fmt.Sprintf("%s of task %d", action, t.ID))
}

// completeTaskSteps records step st of the task's year as done by every
// department of task t through the event ref.
func (s *Service) completeTaskSteps(ctx context.Context, tx *store.Tx, t *doublerandom.Task,
	st doublerandom.Step, ref string) error {
	year, err := s.taskYear(ctx, t)
	if err != nil {
		return err
	}
	return s.completeSteps(ctx, tx, t.Departments(), year, st, ref)
}

// taskScope returns the object scope of the plan a task comes from; a task
// without a plan covers the whole directory.
func (s *Service) taskScope(ctx context.Context, t *doublerandom.Task) (doublerandom.Scope,
	error) {
	if t.PlanID == 0 {
		return doublerandom.Scope{}, nil
	}
	p, err := s.Store.Plan(ctx, t.PlanID)
	if err != nil {
		return doublerandom.Scope{}, err
	}
	return p.Scope, nil
}

// errFound stops a walk of a directory at its first match.
var errFound = errors.New("found")

// directorySteps are the steps done when a directory is present.
var directorySteps = []doublerandom.Step{doublerandom.StepObjects, doublerandom.StepInspectors}
