package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
// through every step: item lists published, a joint plan proposed and
// published in the district annual plan, task created from it, candidate
// list frozen and its SHA-256 published with both departments' commitments,
// secrets revealed and seed fixed, businesses and teams drawn,
// implementation rules published, every business notified, inspected and
// signed off, one result per business confirmed by its team, results
// published, problems handed over and penalties published, and both
// departments' archives of the year delivered. It writes the draw record and
// candidate list into dir and reports each step to w.
func Run(ctx context.Context, svc *workflow.Service, dir string, w io.Writer) (*Summary, error) {
	sum := &Summary{Results: map[doublerandom.ResultType]int{}}
	var err error
	if sum.Items, sum.Entities, err = LoadDirectory(ctx, svc.Store); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "1. 一单两库 directories: %d items, %d businesses imported\n",
		sum.Items, sum.Entities)
	year := svc.Now().UTC().AddDate(0, 0, inspectionLead).Year()
	if _, err := PrepareYear(ctx, svc, year, w); err != nil {
		return nil, err
	}

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

	types := simulatedTypes(rec)
	if err := Inspect(ctx, svc, task.ID, func(code string) doublerandom.ResultType {
		return types[code]
	}); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "   implementation rules published; %d businesses notified, inspected "+
		"item by item and signed off\n", len(rec.Drawn))
	if err := recordResults(ctx, svc, task.ID, rec, types, sum); err != nil {
		return nil, err
	}
	if err := ConfirmAll(ctx, svc, task.ID); err != nil {
		return nil, err
	}
	if err := svc.Publish(ctx, task.ID); err != nil {
		return nil, err
	}
	var counts []string
	for _, typ := range doublerandom.ResultTypes {
		if n := sum.Results[typ]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", i18n.T(i18n.ZH, "result."+string(typ)), n))
		}
	}
	fmt.Fprintf(w, "6. results published: %s\n", strings.Join(counts, "; "))
	handed, penalties, err := followUp(ctx, svc, task.ID)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "7. problems handed over: %d; penalty decisions published: %d\n", handed,
		penalties)
	if err := deliverArchives(ctx, svc, year, w); err != nil {
		return nil, err
	}

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
		InspectionDate: today.AddDate(0, 0, inspectionLead),
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

// inspectionLead is how many days after the demo's run its inspections
// start.
const inspectionLead = 7

// simulatedTypes picks the result of every drawn business. The demo has no
// inspectors in the field: it simulates their findings, mostly "no problem
// found", picking each from the business's ticket so that the run is
// reproducible from the record, and says so in each result's note.
func simulatedTypes(rec *draw.Record) map[string]doublerandom.ResultType {
	weights := []doublerandom.ResultType{
		doublerandom.ResultNoProblem, doublerandom.ResultNoProblem, doublerandom.ResultNoProblem,
		doublerandom.ResultNoProblem, doublerandom.ResultNoProblem, doublerandom.ResultNoProblem,
		doublerandom.ResultCorrected, doublerandom.ResultUnreachable,
		doublerandom.ResultNotPublicised, doublerandom.ResultPendingFollow,
	}
	out := map[string]doublerandom.ResultType{}
	for _, p := range rec.Drawn {
		out[p.ID] = weights[int(p.Ticket[len(p.Ticket)-1]-'0')%len(weights)]
	}
	return out
}

// recordResults enters the simulated result of every drawn business.
func recordResults(ctx context.Context, svc *workflow.Service, taskID int64, rec *draw.Record,
	types map[string]doublerandom.ResultType, sum *Summary) error {
	leaders := map[string]string{}
	for _, tm := range rec.Teams {
		leaders[tm.Business] = tm.Leader
	}
	for _, p := range rec.Drawn {
		typ := types[p.ID]
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
