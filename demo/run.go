package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"doublerandom"
	"doublerandom/draw"
	"doublerandom/i18n"
	"doublerandom/store"
	"doublerandom/workflow"
)

// Summary is what one run of the demo produced.
type Summary struct {
	TaskID          int64
	Items           int
	Entities        int
	Inspectors      int
	Candidates      int
	CandidateSHA256 string
	Seed            string
	Drawn           int
	Results         map[doublerandom.ResultType]int
	RecordPath      string
	CandidatesPath  string
}

// Run builds the demo data in an empty store and carries one joint task
// through every step: task created, candidate list frozen and its SHA-256
// published with both departments' commitments, secrets revealed and seed
// fixed, businesses and teams drawn, one result per business, results
// published. It writes the draw record and candidate list into dir and
// reports each step to w.
func Run(ctx context.Context, svc *workflow.Service, dir string, w io.Writer) (*Summary, error) {
	sum := &Summary{Results: map[doublerandom.ResultType]int{}}
	var err error
	if sum.Items, sum.Entities, err = LoadDirectory(ctx, svc.Store); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "1. 一单两库 directories: %d items, %d businesses imported\n", sum.Items, sum.Entities)

	task, err := createTask(ctx, svc)
	if err != nil {
		return nil, err
	}
	sum.TaskID = task.ID
	sum.Inspectors, err = loadRoster(ctx, svc.Store, task)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "2. task %d %q: lead %s, participating %v, ratio %s, %d inspectors\n",
		task.ID, task.Title, task.LeadDept, task.Participating, task.Ratio, sum.Inspectors)

	rec, err := drawTask(ctx, svc, task, w)
	if err != nil {
		return nil, err
	}
	sum.Candidates, sum.CandidateSHA256, sum.Seed, sum.Drawn =
		rec.CandidateCount, rec.CandidateSHA256, rec.Seed, len(rec.Drawn)

	if err := recordResults(ctx, svc, task.ID, rec, sum); err != nil {
		return nil, err
	}
	if err := svc.Publish(ctx, task.ID); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "6. results published:")
	for _, typ := range doublerandom.ResultTypes {
		if n := sum.Results[typ]; n > 0 {
			fmt.Fprintf(w, " %s %d;", i18n.T(i18n.ZH, "result."+string(typ)), n)
		}
	}
	fmt.Fprintln(w)

	if sum.RecordPath, sum.CandidatesPath, err = WriteRecord(rec, dir); err != nil {
		return nil, err
	}
	return sum, nil
}

func createTask(ctx context.Context, svc *workflow.Service) (*doublerandom.Task, error) {
	items, err := svc.Store.Items(ctx, "")
	if err != nil {
		return nil, err
	}
	// Two items of the market supervision list and one of the police list.
	var ids []int64
	var market, police int
	for _, it := range items {
		switch {
		case it.Dept == DeptMarket && market < 2 && it.SubItem == "":
			ids, market = append(ids, it.ID), market+1
		case it.Dept == DeptPolice && police < 1:
			ids, police = append(ids, it.ID), police+1
		}
	}
	today := svc.Now().UTC().Truncate(24 * time.Hour)
	return svc.CreateTask(ctx, doublerandom.Task{
		Title:          fmt.Sprintf("%d年跨部门联合抽查（演示）", today.Year()),
		LeadDept:       DeptMarket,
		Participating:  []string{DeptPolice},
		ItemIDs:        ids,
		Ratio:          "0.05",
		InspectionDate: today.AddDate(0, 0, 7),
	})
}

// loadRoster generates both departments' inspectors, with the specialties the
// task's items require, and one declared conflict of interest.
func loadRoster(ctx context.Context, st *store.Store, task *doublerandom.Task) (int, error) {
	items, err := st.Items(ctx, "")
	if err != nil {
		return 0, err
	}
	var specs []string
	for _, it := range items {
		if slices.Contains(task.ItemIDs, it.ID) && it.Specialty != "" &&
			!slices.Contains(specs, it.Specialty) {
			specs = append(specs, it.Specialty)
		}
	}
	today := task.InspectionDate.AddDate(0, 0, -7)
	roster := append(Roster(DeptMarket, 16, specs, today), Roster(DeptPolice, 10, specs, today)...)
	ents, err := st.Entities(ctx, store.EntityFilter{Limit: 1})
	if err != nil {
		return 0, err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, in := range roster {
			if err := tx.AddInspector(ctx, in); err != nil {
				return err
			}
		}
		if len(ents) > 0 {
			return tx.AddConflict(ctx, roster[0].ID, ents[0].Code, "近亲属任职（演示）")
		}
		return nil
	})
	return len(roster), err
}

func drawTask(ctx context.Context, svc *workflow.Service, task *doublerandom.Task,
	w io.Writer) (*draw.Record, error) {
	secrets := map[string]string{}
	var commits []draw.Contribution
	for _, d := range task.Departments() {
		s, err := draw.NewSecret()
		if err != nil {
			return nil, err
		}
		secrets[d] = s
		commits = append(commits, draw.Contribution{Party: d, Commitment: draw.Commit(s)})
	}
	rec, err := svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: commits,
		Reserves: 3, MaxPerInspector: 5})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "3. candidate list frozen: %d candidates, %d excluded, SHA-256 %s\n",
		rec.CandidateCount, len(rec.Exclusions), rec.CandidateSHA256)
	for _, d := range task.Departments() {
		if err := svc.Reveal(ctx, task.ID, d, secrets[d]); err != nil {
			return nil, err
		}
	}
	rec, err = svc.Draw(ctx, task.ID, "")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "4. seed fixed from %d revealed secrets: %s\n", len(secrets), rec.Seed)
	fmt.Fprintf(w, "5. %d businesses drawn (%s of %d), %d teams, %d reserves\n", len(rec.Drawn),
		pct(len(rec.Drawn), rec.CandidateCount), rec.CandidateCount, len(rec.Teams),
		len(rec.Reserves))
	return rec, nil
}

// recordResults enters a result for every drawn business. The demo has no
// inspectors in the field: it simulates their findings, mostly "no problem
// found", picking each from the business's ticket so that the run is
// reproducible from the record, and says so in each result's note.
func recordResults(ctx context.Context, svc *workflow.Service, taskID int64, rec *draw.Record,
	sum *Summary) error {
	weights := []doublerandom.ResultType{
		doublerandom.ResultNoProblem, doublerandom.ResultNoProblem, doublerandom.ResultNoProblem,
		doublerandom.ResultNoProblem, doublerandom.ResultNoProblem, doublerandom.ResultNoProblem,
		doublerandom.ResultCorrected, doublerandom.ResultUnreachable,
		doublerandom.ResultNotPublicised, doublerandom.ResultPendingFollow,
	}
	leaders := map[string]string{}
	for _, tm := range rec.Teams {
		leaders[tm.Business] = tm.Leader
	}
	for _, p := range rec.Drawn {
		typ := weights[int(p.Ticket[len(p.Ticket)-1]-'0')%len(weights)]
		err := svc.RecordResult(ctx, doublerandom.Result{TaskID: taskID, EntityCode: p.ID,
			Type: typ, Note: "演示：模拟的检查结果 (demo: simulated finding)",
			RecordedBy: leaders[p.ID]})
		if err != nil {
			return err
		}
		sum.Results[typ]++
	}
	return nil
}

// WriteRecord writes the draw record as indented JSON and its candidate list
// beside it into dir, and returns both paths.
func WriteRecord(rec *draw.Record, dir string) (recordPath, candidatesPath string, err error) {
	base := filepath.Join(dir, fmt.Sprintf("draw-record-task-%s", rec.TaskID))
	body, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", "", err
	}
	if err := os.WriteFile(base+".json", append(body, '\n'), 0o644); err != nil {
		return "", "", fmt.Errorf("write draw record: %w", err)
	}
	cands := draw.CanonicalCandidates(rec.Candidates)
	if err := os.WriteFile(base+".candidates.txt", cands, 0o644); err != nil {
		return "", "", fmt.Errorf("write candidate list: %w", err)
	}
	return base + ".json", base + ".candidates.txt", nil
}
