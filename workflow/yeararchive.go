package workflow

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"doublerandom"
	"doublerandom/archive"
	"doublerandom/store"
)

// BuildYearArchive writes the archive package of a department's year to w:
// every task of the year it leads or joins (under tasks/<id>/), its item
// list publications, the year's plans it takes part in, its ten steps, the
// follow-ups handed to it, its penalty decisions and missed deadlines.
func (s *Service) BuildYearArchive(ctx context.Context, dept string, year int, w io.Writer) error {
	if err := s.checkDepts(ctx, []string{dept}); err != nil {
		return err
	}
	tasks, err := s.yearTasks(ctx, dept, year)
	if err != nil {
		return err
	}
	aw := archive.NewWriter(w, fmt.Sprintf("检查档案 %s %d年度", dept, year), s.now())
	for i := range tasks {
		t := &tasks[i]
		if t.State != doublerandom.TaskDrawn && t.State != doublerandom.TaskPublished {
			if err := aw.AddJSON(fmt.Sprintf("tasks/%d/task.json", t.ID), t); err != nil {
				return err
			}
			continue
		}
		if err := s.writeTask(ctx, aw, fmt.Sprintf("tasks/%d/", t.ID), t); err != nil {
			return err
		}
	}
	if err := s.writeYear(ctx, aw, dept, year); err != nil {
		return err
	}
	return aw.Close()
}

// writeYear adds a department's year-level records to a package.
func (s *Service) writeYear(ctx context.Context, w *archive.Writer, dept string, year int) error {
	pubs, err := s.Store.ListPublications(ctx, dept)
	if err != nil {
		return err
	}
	plans, err := s.Store.Plans(ctx, store.PlanFilter{Year: year, Dept: dept})
	if err != nil {
		return err
	}
	steps, err := s.Store.StepRecords(ctx, year, dept)
	if err != nil {
		return err
	}
	handed, err := s.Store.FollowUps(ctx, store.FollowUpFilter{ToDept: dept})
	if err != nil {
		return err
	}
	ps, err := s.Store.Penalties(ctx, store.PenaltyFilter{Dept: dept})
	if err != nil {
		return err
	}
	missed, err := s.Store.Missed(ctx, dept)
	if err != nil {
		return err
	}
	return addAll(w, "", named{"list-publications.json", pubs}, named{"plans.json", plans},
		named{"steps.json", steps}, named{"followups-handed-to-dept.json", handed},
		named{"penalties.json", ps}, named{"missed-deadlines.json", missed})
}

// DeliverYearArchive builds a department's archive of a year, keeps it and
// delivers it to the joint meeting office: step 10 of Art. 15. It is refused
// until steps 1 to 9 are done, every task of the year is published and
// nothing keeps step 9 open.
func (s *Service) DeliverYearArchive(ctx context.Context, dept string,
	year int) (*store.Archive, error) {
	if err := s.settle(ctx, dept, year); err != nil {
		return nil, err
	}
	action := fmt.Sprintf("delivering the %d archive of %s", year, dept)
	err := s.requireSteps(ctx, []string{dept}, year, doublerandom.StepArchive, action)
	if err != nil {
		return nil, err
	}
	tasks, err := s.yearTasks(ctx, dept, year)
	if err != nil {
		return nil, err
	}
	var open []string
	for _, t := range tasks {
		if t.State != doublerandom.TaskPublished {
			open = append(open, fmt.Sprintf("task %d (%s)", t.ID, t.State))
		}
	}
	if len(open) > 0 {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"%s refused: tasks of the year are not published yet: %s", action,
			strings.Join(open, ", "))
	}
	var buf bytes.Buffer
	if err := s.BuildYearArchive(ctx, dept, year, &buf); err != nil {
		return nil, err
	}
	a := store.Archive{Dept: dept, Year: year, DeliveredAt: s.now()}
	return s.keepArchive(ctx, a, buf.Bytes(), func(tx *store.Tx) error {
		return s.completeSteps(ctx, tx, []string{dept}, year, doublerandom.StepArchive,
			fmt.Sprintf("archive/%s/%d", dept, year))
	})
}

// ArchiveState is whether a department delivered its archive of a year.
type ArchiveState struct {
	Dept    doublerandom.Department
	Archive *store.Archive // the latest delivered, nil when none
	// OnTime reports a delivery by the end of December (Art. 31).
	OnTime bool
}

// ArchiveStates returns, for every department, its delivered archive of a
// year: what the joint meeting office checks at the end of December.
func (s *Service) ArchiveStates(ctx context.Context, year int) ([]ArchiveState, error) {
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ArchiveState, 0, len(depts))
	for _, d := range depts {
		as, err := s.Store.Archives(ctx, store.ArchiveFilter{Dept: d.Code, Year: year,
			Delivered: true})
		if err != nil {
			return nil, err
		}
		st := ArchiveState{Dept: d}
		if len(as) > 0 {
			st.Archive = &as[0]
			st.OnTime = !dateOf(as[0].DeliveredAt).After(ArchiveDue(year))
		}
		out = append(out, st)
	}
	return out, nil
}
