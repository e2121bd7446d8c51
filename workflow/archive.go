package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/archive"
	"doublerandom/audit"
	"doublerandom/i18n"
	"doublerandom/store"
)

// writeTask adds every record of task t to a package under prefix: the task
// and its plan, the implementation rules, every draw (void ones included)
// with its record and candidate list, the teams, notifications, on-site
// records with their evidence files, sign-offs, results, confirmations, the
// result summary as XLSX, follow-ups, penalties, referrals and the task's
// audit entries.
func (s *Service) writeTask(ctx context.Context, w *archive.Writer, prefix string,
	t *doublerandom.Task) error {
	add := func(name string, v any) error { return w.AddJSON(prefix+name, v) }
	if err := add("task.json", t); err != nil {
		return err
	}
	if t.PlanID != 0 {
		p, err := s.Store.Plan(ctx, t.PlanID)
		if err != nil {
			return err
		}
		if err := add("plan.json", p); err != nil {
			return err
		}
	}
	if r, err := s.Store.TaskRules(ctx, t.ID); err == nil {
		if err := w.Add(prefix+"rules.txt", []byte(r.Body+"\n")); err != nil {
			return err
		}
	} else if doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
		return err
	}
	if err := s.writeDraws(ctx, w, prefix, t.ID); err != nil {
		return err
	}
	if err := s.writeInspections(ctx, w, prefix, t.ID); err != nil {
		return err
	}
	if err := s.writeFollowUps(ctx, w, prefix, t.ID); err != nil {
		return err
	}
	sum, err := s.Summary(ctx, t.ID)
	if err != nil {
		return err
	}
	var x bytes.Buffer
	if err := sum.WriteXLSX(&x, i18n.ZH); err != nil {
		return err
	}
	if err := w.Add(prefix+"summary.xlsx", x.Bytes()); err != nil {
		return err
	}
	entries, err := s.auditOf(ctx, fmt.Sprintf("task/%d", t.ID))
	if err != nil {
		return err
	}
	return add("audit.json", entries)
}

func (s *Service) writeDraws(ctx context.Context, w *archive.Writer, prefix string,
	taskID int64) error {
	ds, err := s.Store.Draws(ctx, taskID)
	if err != nil {
		return err
	}
	for _, d := range ds {
		name := fmt.Sprintf("%sdraws/%d-%s", prefix, d.ID, d.State)
		if err := w.Add(name+"-record.json", d.Record); err != nil {
			return err
		}
		if err := w.Add(name+"-candidates.txt", d.Candidates); err != nil {
			return err
		}
	}
	teams, err := s.Store.Teams(ctx, taskID)
	if err != nil {
		return err
	}
	return w.AddJSON(prefix+"teams.json", teams)
}

func (s *Service) writeInspections(ctx context.Context, w *archive.Writer, prefix string,
	taskID int64) error {
	ns, err := s.Store.Notifications(ctx, taskID, "")
	if err != nil {
		return err
	}
	recs, err := s.Store.InspectionRecords(ctx, taskID, "")
	if err != nil {
		return err
	}
	sos, err := s.Store.SignOffs(ctx, taskID)
	if err != nil {
		return err
	}
	rs, err := s.Store.Results(ctx, taskID)
	if err != nil {
		return err
	}
	cs, err := s.Store.Confirmations(ctx, taskID)
	if err != nil {
		return err
	}
	if err := addAll(w, prefix, named{"notifications.json", ns}, named{"inspections.json", recs},
		named{"signoffs.json", sos}, named{"results.json", rs},
		named{"confirmations.json", cs}); err != nil {
		return err
	}
	for _, r := range recs {
		for _, e := range r.Evidence {
			_, content, err := s.Store.Evidence(ctx, e.ID)
			if err != nil {
				return err
			}
			name := fmt.Sprintf("%sevidence/%s/%d-%s", prefix, r.EntityCode, e.ID,
				strings.ReplaceAll(e.Name, "/", "_"))
			if err := w.Add(name, content); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) writeFollowUps(ctx context.Context, w *archive.Writer, prefix string,
	taskID int64) error {
	fs, err := s.Store.FollowUps(ctx, store.FollowUpFilter{TaskID: taskID})
	if err != nil {
		return err
	}
	ps, err := s.Store.Penalties(ctx, store.PenaltyFilter{TaskID: taskID})
	if err != nil {
		return err
	}
	var refs []doublerandom.Referral
	for _, f := range fs {
		rs, err := s.Store.Referrals(ctx, f.EntityCode)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.FollowUpID == f.ID {
				refs = append(refs, r)
			}
		}
	}
	return addAll(w, prefix, named{"followups.json", fs}, named{"penalties.json", ps},
		named{"referrals.json", refs})
}

// named is a value to add to a package as a JSON file.
type named struct {
	name string
	v    any
}

// addAll adds each value as a JSON file under prefix, in order.
func addAll(w *archive.Writer, prefix string, files ...named) error {
	for _, f := range files {
		if err := w.AddJSON(prefix+f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// auditOf returns the audit entries whose subject is subject or lies below
// it ("task/12" and "task/12/...").
func (s *Service) auditOf(ctx context.Context, subject string) ([]audit.Entry, error) {
	out := []audit.Entry{}
	err := s.Store.AuditEntries(ctx, func(e audit.Entry) error {
		if e.Subject == subject || strings.HasPrefix(e.Subject, subject+"/") {
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// BuildTaskArchive writes the archive package of a drawn or published task
// to w.
func (s *Service) BuildTaskArchive(ctx context.Context, taskID int64, w io.Writer) error {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return err
	}
	if t.State != doublerandom.TaskDrawn && t.State != doublerandom.TaskPublished {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d is %s: it has no inspection records to archive yet", taskID, t.State)
	}
	aw := archive.NewWriter(w, fmt.Sprintf("检查档案 任务%d %s", t.ID, t.Title), s.now())
	if err := s.writeTask(ctx, aw, "", t); err != nil {
		return err
	}
	return aw.Close()
}

// ArchiveTask builds and keeps the archive package of a published task.
func (s *Service) ArchiveTask(ctx context.Context, taskID int64) (*store.Archive, error) {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return nil, err
	}
	if t.State != doublerandom.TaskPublished {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d is %s: a task is archived once its results are published", taskID, t.State)
	}
	var buf bytes.Buffer
	if err := s.BuildTaskArchive(ctx, taskID, &buf); err != nil {
		return nil, err
	}
	return s.keepArchive(ctx, store.Archive{TaskID: taskID}, buf.Bytes(), nil)
}

// keepArchive stores a built package, running then (when not nil) in the
// same transaction.
func (s *Service) keepArchive(ctx context.Context, a store.Archive, content []byte,
	then func(tx *store.Tx) error) (*store.Archive, error) {
	sum := sha256.Sum256(content)
	a.SHA256, a.Size = hex.EncodeToString(sum[:]), int64(len(content))
	a.BuiltBy, a.BuiltAt = doublerandom.ActorFrom(ctx).ID, s.now()
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if a.ID, err = tx.AddArchive(ctx, a, content); err != nil || then == nil {
			return err
		}
		return then(tx)
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("archive kept", "archive", a.ID, "task", a.TaskID, "dept", a.Dept,
		"year", a.Year, "sha256", a.SHA256, "bytes", a.Size)
	return &a, nil
}

// ArchiveDue returns the last day a department's archive of year is
// delivered on time: the end of December (Art. 31).
func ArchiveDue(year int) time.Time {
	return time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
}
