package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"doublerandom"
	"doublerandom/store"
)

// MaxEvidenceSize is the largest evidence file accepted: 20 MiB, enough for
// a phone photo or a scanned form.
const MaxEvidenceSize = 20 << 20

// PublishRules publishes the implementation rules (实施细则) of a drawn task,
// step 6 of Art. 15: the schedule, methods and division of work. Every
// department of the task must have done steps 1 to 5.
func (s *Service) PublishRules(ctx context.Context, taskID int64, body string) error {
	body = strings.TrimSpace(body)
	if body == "" {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the implementation rules are empty: write the schedule, methods and division of work")
	}
	if utf8.RuneCountInString(body) > 100_000 {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the implementation rules are longer than 100,000 characters")
	}
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return err
	}
	if t.State != doublerandom.TaskDrawn {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d is %s: implementation rules are published after the draw and before the "+
				"results", taskID, t.State)
	}
	if err := s.requireTaskSteps(ctx, t, doublerandom.StepRules,
		"publishing the implementation rules"); err != nil {
		return err
	}
	r := doublerandom.TaskRules{TaskID: taskID, Body: body,
		PublishedBy: doublerandom.ActorFrom(ctx).ID, PublishedAt: s.now()}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PutTaskRules(ctx, r); err != nil {
			return err
		}
		return s.completeTaskSteps(ctx, tx, t, doublerandom.StepRules,
			fmt.Sprintf("task/%d/rules", taskID))
	})
}

// member returns the task and the team of business code in it, refusing an
// inspector who is not on that team: an inspector sees and records only his
// own assignments (SPEC R21).
func (s *Service) member(ctx context.Context, inspectorID string, taskID int64,
	code string) (*doublerandom.Task, *doublerandom.Team, error) {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	teams, err := s.Store.Teams(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	for i := range teams {
		if teams[i].EntityCode != code {
			continue
		}
		if inspectorID == "" || !slices.Contains(teams[i].Members, inspectorID) {
			break
		}
		return t, &teams[i], nil
	}
	return nil, nil, doublerandom.Errorf(doublerandom.EFORBIDDEN,
		"inspector %q is not on the team drawn for business %s in task %d: an inspector "+
			"sees and records only his own assignments", inspectorID, code, taskID)
}

// inspectable refuses recording an inspection of task t unless it is drawn
// and not yet published, its implementation rules are published, and its
// departments have done steps 1 to 6.
func (s *Service) inspectable(ctx context.Context, t *doublerandom.Task, action string) error {
	if t.State != doublerandom.TaskDrawn {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"%s refused: task %d is %s; inspections are recorded between the draw and the "+
				"publication of results", action, t.ID, t.State)
	}
	if _, err := s.Store.TaskRules(ctx, t.ID); err != nil {
		if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND {
			return doublerandom.Errorf(doublerandom.ECONFLICT,
				"%s refused: %s is not done for task %d; the lead department %s publishes "+
					"the task's implementation rules first", action, doublerandom.StepRules, t.ID,
				t.LeadDept)
		}
		return err
	}
	return s.requireTaskSteps(ctx, t, doublerandom.StepInspection, action)
}

// Notify records that the business was told of its inspection (检查准备,
// Art. 20): when, by which channel, and what it was told.
func (s *Service) Notify(ctx context.Context, inspectorID string,
	n doublerandom.Notification) (*doublerandom.Notification, error) {
	t, _, err := s.member(ctx, inspectorID, n.TaskID, n.EntityCode)
	if err != nil {
		return nil, err
	}
	if err := s.inspectable(ctx, t, "the notification"); err != nil {
		return nil, err
	}
	n.Content = strings.TrimSpace(n.Content)
	switch {
	case !n.Channel.Valid():
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"channel %q is not one of %v", n.Channel, doublerandom.Channels)
	case n.Content == "":
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"write what the business was told: the time of the inspection and what to prepare")
	case n.NotifiedAt.IsZero():
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "give the time of the notification")
	case n.NotifiedAt.After(s.now().Add(time.Hour)):
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the notification time %s is in the future: record a notification once it is made",
			n.NotifiedAt.Format(time.RFC3339))
	}
	n.RecordedBy, n.RecordedAt = inspectorID, s.now()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		n.ID, err = tx.AddNotification(ctx, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// RecordInspection records (or corrects) the on-site record of one item of
// the task at one business: the method (one of the four of Art. 19), the
// findings and whether they are a problem. The business must have been
// notified first. A correction clears the team's confirmations of the
// business's result, which must be confirmed again. The first record of a
// task completes step 7 for its departments.
func (s *Service) RecordInspection(ctx context.Context, inspectorID string,
	r doublerandom.InspectionRecord) (*doublerandom.InspectionRecord, error) {
	t, _, err := s.member(ctx, inspectorID, r.TaskID, r.EntityCode)
	if err != nil {
		return nil, err
	}
	if err := s.inspectable(ctx, t, "recording the inspection"); err != nil {
		return nil, err
	}
	r.Findings = strings.TrimSpace(r.Findings)
	switch {
	case !slices.Contains(t.ItemIDs, r.ItemID):
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"item %d is not an item of task %d", r.ItemID, t.ID)
	case !r.Method.Valid():
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"method %q is not one of the four methods %v", r.Method, doublerandom.Methods)
	case r.Findings == "":
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"write the findings of item %d, even when nothing was wrong", r.ItemID)
	}
	ns, err := s.Store.Notifications(ctx, t.ID, r.EntityCode)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"business %s has not been notified of the inspection: record the notification "+
				"(time, channel, content) first (Art. 20)", r.EntityCode)
	}
	r.RecordedBy, r.RecordedAt, r.Evidence = inspectorID, s.now(), nil
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if r.ID, err = tx.PutInspectionRecord(ctx, r); err != nil {
			return err
		}
		if err := tx.ClearConfirmations(ctx, t.ID, r.EntityCode); err != nil {
			return err
		}
		return s.completeTaskSteps(ctx, tx, t, doublerandom.StepInspection,
			fmt.Sprintf("task/%d/%s", t.ID, r.EntityCode))
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// AddEvidence attaches a file to an inspection record, storing its bytes
// and SHA-256. The name is reduced to its base name.
func (s *Service) AddEvidence(ctx context.Context, inspectorID string, recordID int64,
	name, contentType string, content []byte) (*doublerandom.Evidence, error) {
	rec, err := s.Store.InspectionRecord(ctx, recordID)
	if err != nil {
		return nil, err
	}
	t, _, err := s.member(ctx, inspectorID, rec.TaskID, rec.EntityCode)
	if err != nil {
		return nil, err
	}
	if err := s.inspectable(ctx, t, "adding evidence"); err != nil {
		return nil, err
	}
	name = cleanName(name)
	switch {
	case len(content) == 0:
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "the evidence file %q is empty",
			name)
	case len(content) > MaxEvidenceSize:
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the evidence file %q is %d bytes, more than the %d MiB allowed", name, len(content),
			MaxEvidenceSize>>20)
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	sum := sha256.Sum256(content)
	e := doublerandom.Evidence{RecordID: recordID, Name: name, ContentType: contentType,
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), UploadedBy: inspectorID,
		UploadedAt: s.now()}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		e.ID, err = tx.AddEvidence(ctx, e, content)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// cleanName keeps the base name of an uploaded file, without control
// characters, at most 120 characters; an unusable name becomes "evidence".
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[len(r)-120:])
	}
	if name == "" || name == "." || name == "/" || name == ".." {
		return "evidence"
	}
	return name
}

// SignOff records how the business acknowledged its inspection record
// (Art. 20 (三)): signed or sealed, naming who; or, when it is missing, the
// reason (a refusal is recorded as it happened) and a witness.
func (s *Service) SignOff(ctx context.Context, inspectorID string, so doublerandom.SignOff) error {
	t, _, err := s.member(ctx, inspectorID, so.TaskID, so.EntityCode)
	if err != nil {
		return err
	}
	if err := s.inspectable(ctx, t, "the sign-off"); err != nil {
		return err
	}
	so.Signatory, so.Reason = strings.TrimSpace(so.Signatory), strings.TrimSpace(so.Reason)
	so.Witness = strings.TrimSpace(so.Witness)
	switch {
	case !so.Kind.Valid():
		return doublerandom.Errorf(doublerandom.EINVALID,
			"sign-off %q is none of signed, sealed or missing", so.Kind)
	case so.Kind != doublerandom.SignMissing && so.Signatory == "":
		return doublerandom.Errorf(doublerandom.EINVALID,
			"name who signed the record or whose seal it bears")
	case so.Kind == doublerandom.SignMissing && (so.Reason == "" || so.Witness == ""):
		return doublerandom.Errorf(doublerandom.EINVALID,
			"a missing signature or seal needs the reason (a refusal is written as such) and "+
				"the witness who can confirm it")
	}
	recs, err := s.Store.InspectionRecords(ctx, t.ID, so.EntityCode)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"business %s has no inspection record to sign: record the inspection first",
			so.EntityCode)
	}
	so.RecordedBy, so.RecordedAt = inspectorID, s.now()
	return s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.PutSignOff(ctx, so) })
}
