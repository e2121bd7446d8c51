package workflow

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"doublerandom"
	"doublerandom/i18n"
)

// ResultSummary is a task's result summary (抽查结果汇总表, Art. 21): one row
// per drawn business with its result, sign-off and the team's
// confirmations.
type ResultSummary struct {
	Task  *doublerandom.Task
	Depts map[string]doublerandom.Department
	Items []doublerandom.Item
	Rows  []SummaryRow
}

// SummaryRow is one business of a result summary.
type SummaryRow struct {
	Entity    doublerandom.Entity
	Team      []doublerandom.Inspector // leader first
	Records   int                      // items recorded
	Problems  int                      // items with a problem found
	Result    *doublerandom.Result     // nil until entered
	SignOff   *doublerandom.SignOff    // nil until recorded
	Confirmed []string                 // ids of the members who confirmed
}

// Complete reports whether the row has a result confirmed by every member.
func (r SummaryRow) Complete() bool {
	if r.Result == nil {
		return false
	}
	for _, m := range r.Team {
		if !slices.Contains(r.Confirmed, m.ID) {
			return false
		}
	}
	return true
}

// Summary returns the result summary of a drawn task.
func (s *Service) Summary(ctx context.Context, taskID int64) (*ResultSummary, error) {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return nil, err
	}
	sum := &ResultSummary{Task: t, Depts: map[string]doublerandom.Department{}}
	ds, err := s.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		sum.Depts[d.Code] = d
	}
	if sum.Items, err = s.taskItems(ctx, t); err != nil {
		return nil, err
	}
	teams, err := s.Store.Teams(ctx, taskID)
	if err != nil {
		return nil, err
	}
	for _, tm := range teams {
		v, err := s.Visit(ctx, taskID, tm.EntityCode)
		if err != nil {
			return nil, err
		}
		row := SummaryRow{Entity: *v.Entity, Team: v.Team, Records: len(v.Records),
			Result: v.Result, SignOff: v.SignOff}
		for _, r := range v.Records {
			if r.Problem {
				row.Problems++
			}
		}
		for _, c := range v.Confirmations {
			row.Confirmed = append(row.Confirmed, c.InspectorID)
		}
		sum.Rows = append(sum.Rows, row)
	}
	return sum, nil
}

// deptName names a department in lang.
func (sum *ResultSummary) deptName(lang i18n.Lang, code string) string {
	d, ok := sum.Depts[code]
	switch {
	case !ok:
		return code
	case lang == i18n.EN && d.NameEn != "":
		return d.NameEn
	}
	return d.Name
}

// signText describes a sign-off in lang.
func signText(lang i18n.Lang, so *doublerandom.SignOff) string {
	if so == nil {
		return i18n.T(lang, "sign.none")
	}
	if so.Kind == doublerandom.SignMissing {
		return i18n.T(lang, "sign.missing_detail", so.Reason, so.Witness)
	}
	return i18n.T(lang, "sign."+string(so.Kind)) + ": " + so.Signatory
}

// WriteXLSX writes the result summary as an XLSX workbook in lang: a title,
// the task's facts, one row per business, and the lines on which the team
// members sign the printed form.
func (sum *ResultSummary) WriteXLSX(w io.Writer, lang i18n.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := i18n.T(lang, "summary.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	t := sum.Task
	parts := make([]string, 0, len(t.Participating))
	for _, d := range t.Participating {
		parts = append(parts, sum.deptName(lang, d))
	}
	lines := [][]any{
		{i18n.T(lang, "summary.title")},
		{i18n.T(lang, "task.title"), t.Title},
		{i18n.T(lang, "task.lead"), sum.deptName(lang, t.LeadDept)},
		{i18n.T(lang, "task.parts"), strings.Join(parts, "、")},
		{i18n.T(lang, "task.date"), t.InspectionDate.Format(doublerandom.DateLayout) + " – " +
			t.LastDay().Format(doublerandom.DateLayout)},
		{},
		{"#", i18n.T(lang, "entity.name"), i18n.T(lang, "entity.code"),
			i18n.T(lang, "summary.items"), i18n.T(lang, "summary.problems"),
			i18n.T(lang, "drawn.result"), i18n.T(lang, "summary.note"),
			i18n.T(lang, "drawn.team"), i18n.T(lang, "summary.signoff"),
			i18n.T(lang, "summary.confirmed")},
	}
	for i, r := range sum.Rows {
		result, note := i18n.T(lang, "drawn.pending"), ""
		if r.Result != nil {
			result, note = i18n.T(lang, "result."+string(r.Result.Type)), r.Result.Note
		}
		team := make([]string, 0, len(r.Team))
		for _, m := range r.Team {
			team = append(team, fmt.Sprintf("%s（%s）", m.Name, m.CertNo))
		}
		lines = append(lines, []any{i + 1, r.Entity.Name, r.Entity.Code, r.Records, r.Problems,
			result, note, strings.Join(team, "、"), signText(lang, r.SignOff),
			fmt.Sprintf("%d/%d", len(r.Confirmed), len(r.Team))})
	}
	lines = append(lines, []any{}, []any{i18n.T(lang, "summary.signhere")})
	for i, l := range lines {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, cell, &l); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "B", "B", 36); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "C", "J", 20); err != nil {
		return err
	}
	return f.Write(w)
}
