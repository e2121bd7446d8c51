// Package demo builds a demonstration database from real published data, an
// item list of Zhejiang market supervision and police (79 items) and a
// Hangzhou directory of 478 businesses, shipped in data/, plus a generated
// roster of made-up inspectors, and carries one joint task through every step.
package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/directory"
	"doublerandom/importer"
	"doublerandom/store"
)

//go:embed data/item-list-zhejiang.csv data/entities-hangzhou-check01.xlsx
var data embed.FS

// Department codes of the demo.
const (
	DeptMarket = "SCJG" // market supervision bureau, the lead department
	DeptPolice = "GA"   // public security bureau, participating
)

// Departments are the demo's two departments.
var Departments = []doublerandom.Department{
	{Code: DeptMarket, Name: "区市场监督管理局", NameEn: "District Market Supervision Bureau"},
	{Code: DeptPolice, Name: "公安分局", NameEn: "District Public Security Bureau"},
}

// Files of the demo data.
const (
	ItemFile   = "data/item-list-zhejiang.csv"
	EntityFile = "data/entities-hangzhou-check01.xlsx"
)

// File returns the content of a shipped demo file.
func File(name string) ([]byte, error) { return data.ReadFile(name) }

// LoadDirectory stores the departments, the item list (split between the two
// departments by its 抽查主体 column: rows whose inspecting body is a police
// department go to GA) and the business directory. Each file is stored all
// or nothing.
func LoadDirectory(ctx context.Context, st *store.Store) (items, entities int, err error) {
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, d := range Departments {
			if err := tx.PutDepartment(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	if items, err = loadItems(ctx, st); err != nil {
		return 0, 0, err
	}
	if entities, err = loadEntities(ctx, st); err != nil {
		return 0, 0, err
	}
	return items, entities, nil
}

// loadItems imports the item list as version 1 of each department's list,
// the rows of each department in one import of the file.
func loadItems(ctx context.Context, st *store.Store) (int, error) {
	b, err := File(ItemFile)
	if err != nil {
		return 0, err
	}
	items, rows := map[string][]doublerandom.Item{}, map[string][]int{}
	rep, err := importer.Items(bytes.NewReader(b), ItemFile, importer.Options{Dept: DeptMarket},
		func(row int, it doublerandom.Item) error {
			if strings.Contains(it.Subject, "公安") {
				it.Dept = DeptPolice
			}
			items[it.Dept], rows[it.Dept] = append(items[it.Dept], it), append(rows[it.Dept], row)
			return nil
		})
	if err != nil {
		return 0, err
	}
	if err := reportErr(rep); err != nil {
		return 0, err
	}
	sum := importSummary(rep, b)
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, d := range Departments {
			im, err := tx.BeginImport(ctx, store.ImportFile{Kind: store.ImportItems, Dept: d.Code,
				File: ItemFile})
			if err != nil {
				return err
			}
			im.Refuse = func(r store.Refusal) { rep.Refuse(r.Row, r.Field, r.Rule, r.Value) }
			l, err := im.AddItemList(ctx, doublerandom.ItemList{Effective: time.Now().UTC(),
				Note: "演示数据 (demo data)"}, items[d.Code], rows[d.Code])
			if err != nil {
				return err
			}
			if err := reportErr(rep); err != nil {
				return err
			}
			err = im.Finish(ctx, sum["sha256"].(string), rep.Format, l.Items, 0,
				map[string]any{"version": l.Version})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return rep.Imported, nil
}

// loadEntities imports the business directory as the command line does.
func loadEntities(ctx context.Context, st *store.Store) (int, error) {
	b, err := File(EntityFile)
	if err != nil {
		return 0, err
	}
	res, err := directory.Import(ctx, st, bytes.NewReader(b), EntityFile,
		directory.Options{Kind: directory.Entities, Dept: DeptMarket})
	if err != nil {
		return 0, err
	}
	if err := reportErr(res.Report); err != nil {
		return 0, err
	}
	return res.Stored, nil
}

// reportErr turns an import report with refused rows into an error listing
// them, so that the transaction rolls back and nothing is half-imported.
func reportErr(rep *importer.Report) error {
	if len(rep.Errors) == 0 {
		return nil
	}
	msgs := make([]string, 0, len(rep.Errors))
	for _, e := range rep.Errors {
		msgs = append(msgs, e.Error())
	}
	return doublerandom.Errorf(doublerandom.EINVALID, "%s: %d rows refused:\n%s",
		rep.File, len(rep.Errors), strings.Join(msgs, "\n"))
}

// importSummary is the audit log's account of an imported file.
func importSummary(rep *importer.Report, content []byte) map[string]any {
	sum := sha256.Sum256(content)
	return map[string]any{"file": rep.File, "sha256": hex.EncodeToString(sum[:]),
		"imported": rep.Imported, "skipped": rep.Skipped}
}

// format helper kept small for summaries.
func pct(n, of int) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(of))
}
