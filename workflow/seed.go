package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/draw"
	"doublerandom/store"
)

// Record returns the current draw record of a task and its stored draw.
func (s *Service) Record(ctx context.Context,
	taskID int64) (*draw.Record, *doublerandom.Draw, error) {
	d, err := s.Store.CurrentDraw(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	var rec draw.Record
	if err := json.Unmarshal(d.Record, &rec); err != nil {
		return nil, nil, fmt.Errorf("draw %d of task %d: record: %w", d.ID, taskID, err)
	}
	return &rec, d, nil
}

// Reveal records a department's secret after the candidate list is frozen.
// The secret must match the department's commitment.
func (s *Service) Reveal(ctx context.Context, taskID int64, party, secret string) error {
	rec, d, err := s.Record(ctx, taskID)
	if err != nil {
		return err
	}
	if d.State != doublerandom.DrawCommitted {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d is already drawn; reveals are closed", taskID)
	}
	i := -1
	for j, c := range rec.Contributions {
		if c.Party == party {
			i = j
		}
	}
	if i < 0 {
		return doublerandom.Errorf(doublerandom.EINVALID, "%s made no commitment for task %d",
			party, taskID)
	}
	if draw.Commit(secret) != rec.Contributions[i].Commitment {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the secret revealed by %s does not match its commitment", party)
	}
	rec.Contributions[i].Secret = secret
	return s.saveRecord(ctx, d, rec, doublerandom.DrawCommitted)
}

func (s *Service) saveRecord(ctx context.Context, d *doublerandom.Draw, rec *draw.Record,
	state doublerandom.DrawState) error {
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	from := d.State
	d.State, d.Record = state, body
	return s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateDraw(ctx, *d, from) })
}

// Draw fixes the seed from the revealed secrets and the public randomness
// value (which nobody knew at commitment time), draws the businesses and one
// team per business, and stores all of it. The draw waits for every
// department's reveal until the reveal deadline published at freeze; after
// it, a department that has not revealed is recorded as missing and does not
// block the draw. A public value is taken only from the source named at
// freeze, and must then be given: the operator cannot choose whether it
// counts.
func (s *Service) Draw(ctx context.Context, taskID int64, public string) (*draw.Record, error) {
	rec, d, err := s.Record(ctx, taskID)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return nil, err
	}
	year, err := s.taskYear(ctx, t)
	if err != nil {
		return nil, err
	}
	if d.State != doublerandom.DrawCommitted {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT, "task %d is already drawn", taskID)
	}
	now := s.now()
	if err := checkDrawable(rec, public, now); err != nil {
		return nil, err
	}
	rec.PublicRandomness = public
	rec.DrawnAt = now.Format(timeLayout)
	if err := rec.Execute(); err != nil {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "draw of task %d: %v", taskID, err)
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	teams := make([]doublerandom.Team, 0, len(rec.Teams))
	for _, tm := range rec.Teams {
		teams = append(teams, doublerandom.Team{TaskID: taskID, EntityCode: tm.Business,
			Members: tm.Members})
	}
	from := d.State
	d.State, d.Record, d.DrawnAt = doublerandom.DrawDone, body, now
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateDraw(ctx, *d, from); err != nil {
			return err
		}
		if err := tx.SetTeams(ctx, taskID, teams); err != nil {
			return err
		}
		if err := s.completeSteps(ctx, tx, t.Departments(), year, doublerandom.StepMatching,
			fmt.Sprintf("task/%d/draw/%d", taskID, d.ID)); err != nil {
			return err
		}
		return tx.SetTaskState(ctx, taskID, doublerandom.TaskCommitted, doublerandom.TaskDrawn, now)
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("drawn", "task", taskID, "seed", rec.Seed, "drawn", len(rec.Drawn))
	return rec, nil
}

// checkDrawable refuses a draw that someone could steer: before the reveal
// deadline while a department's secret is missing, with a public value from
// no source named at freeze, or without the value of the named source.
func checkDrawable(rec *draw.Record, public string, now time.Time) error {
	switch {
	case public != "" && rec.Params.PublicSource == "":
		return doublerandom.Errorf(doublerandom.EINVALID,
			"no public randomness source was named when the list was frozen; "+
				"draw without a public value")
	case public == "" && rec.Params.PublicSource != "":
		return doublerandom.Errorf(doublerandom.EINVALID,
			"type in the value of %s, named when the list was frozen", rec.Params.PublicSource)
	}
	var missing []string
	for _, c := range rec.Contributions {
		if c.Secret == "" {
			missing = append(missing, c.Party)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	deadline, err := time.Parse(time.RFC3339, rec.RevealDeadline)
	if err != nil {
		return fmt.Errorf("reveal deadline %q: %w", rec.RevealDeadline, err)
	}
	if now.Before(deadline) {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"waiting for the secrets of %s until the reveal deadline %s (UTC+8)",
			strings.Join(missing, ", "), deadline.In(China).Format("2006-01-02 15:04"))
	}
	return nil
}

// TaskID parses a task id from a record or a URL.
func TaskID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, doublerandom.Errorf(doublerandom.EINVALID, "%q is not a task id", s)
	}
	return id, nil
}
