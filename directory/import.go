// Package directory imports and exports the one list and two directories
// (一单两库, SPEC R1-R4): departments' item lists, the business directory
// with its change lists and special libraries, and the inspector directory
// with its conflict-of-interest declarations. It joins package importer,
// which reads a file row by row, and package store, which keeps the rows,
// into one transaction per file: strict by default (any refused row and
// nothing is stored), or storing the good rows and reporting the rest when
// asked. The command line and the web pages both import through it.
package directory

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"doublerandom"
	"doublerandom/importer"
	"doublerandom/store"
)

// Kinds of file, as the command line names them.
const (
	Items      = store.ImportItems
	Entities   = store.ImportEntities
	Inspectors = store.ImportInspectors
	Risk       = store.ImportRisk
	Abnormal   = store.ImportAbnormal
	Complaints = store.ImportComplaints
	Status     = store.ImportStatus
	Library    = store.ImportLibrary
	Conflicts  = store.ImportConflicts
)

// Kinds lists the kinds of file Import reads.
var Kinds = []string{Items, Entities, Inspectors, Risk, Abnormal, Complaints, Status, Library,
	Conflicts}

// Options control an import.
type Options struct {
	Kind string
	// Dept is the department the file belongs to. Items, inspectors and
	// conflicts need it; the business directory is the district's, and a
	// department code given with it is recorded as the importer's.
	Dept string
	// SkipInvalid stores the good rows and reports the rest; the default is
	// strict: any refused row and nothing is stored.
	SkipInvalid bool
	// AcceptBadCheck accepts business codes whose check character fails,
	// flagged for review.
	AcceptBadCheck bool
	// Effective is the day a new item list version takes effect; zero
	// means today in China. Note says why the list changed.
	Effective time.Time
	Note      string
	// OnError, when set, sees every row error (see importer.Options).
	OnError func(importer.RowError)
	// Progress, when set, is called now and then with the bytes read so far.
	Progress func(read int64)
}

// Result is the outcome of an import.
type Result struct {
	Report *importer.Report
	// Stored is how many rows were stored: Report.Imported when the import
	// was committed, 0 when a strict import was refused.
	Stored int
	// Committed reports whether anything was stored.
	Committed bool
	SHA256    string
	ImportID  int64
	// Version is the item list version an items import made.
	Version *doublerandom.ItemList
}

// errRefused rolls back a strict import with refused rows.
var errRefused = errors.New("strict import refused")

// Import reads the file r, named name, of the kind opt.Kind and stores it
// in st in one transaction, attributed to the actor of ctx, with one audit
// entry for the file. A non-nil error means the file could not be read (a
// coded EINVALID error naming the file) or the store failed; refused rows
// are not errors but the Report's rows, and then nothing is stored unless
// opt.SkipInvalid is set.
func Import(ctx context.Context, st *store.Store, r io.Reader, name string,
	opt Options) (*Result, error) {
	if err := checkOptions(&opt); err != nil {
		return nil, err
	}
	h := sha256.New()
	src := &countingReader{r: io.TeeReader(r, h), progress: opt.Progress}
	res := &Result{Report: &importer.Report{File: name}}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		im, err := tx.BeginImport(ctx, store.ImportFile{Kind: opt.Kind, Dept: opt.Dept,
			File: name})
		if err != nil {
			return err
		}
		res.ImportID = im.ID()
		rep := res.Report
		im.Refuse = func(rf store.Refusal) { rep.Refuse(rf.Row, rf.Field, rf.Rule, rf.Value) }
		iopt := importer.Options{Dept: opt.Dept, AcceptBadCheck: opt.AcceptBadCheck,
			SkipInvalid: opt.SkipInvalid, OnError: opt.OnError, Report: rep}
		extra := map[string]any{}
		if err := read(ctx, im, src, name, opt, iopt, res, extra); err != nil {
			return err
		}
		if err := im.Flush(ctx); err != nil {
			return err
		}
		if !rep.OK() && !opt.SkipInvalid {
			return errRefused
		}
		if opt.Progress != nil {
			opt.Progress(src.n)
		}
		res.SHA256 = hex.EncodeToString(h.Sum(nil))
		return im.Finish(ctx, res.SHA256, rep.Format, rep.Imported, rep.Skipped, extra)
	})
	switch {
	case errors.Is(err, errRefused):
		res.SHA256 = hex.EncodeToString(h.Sum(nil))
		res.Version = nil
		return res, nil
	case err != nil:
		return res, err
	}
	res.Committed, res.Stored = true, res.Report.Imported
	return res, nil
}

// checkOptions checks the kind and the department a kind needs.
func checkOptions(opt *Options) error {
	switch opt.Kind {
	case Items, Inspectors, Conflicts:
		if opt.Dept == "" {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"importing %s needs the department they belong to", opt.Kind)
		}
	case Entities, Risk, Abnormal, Complaints, Status, Library:
	default:
		return doublerandom.Errorf(doublerandom.EINVALID,
			"cannot import %q; the kinds are items, entities, inspectors, risk, abnormal, "+
				"complaints, status, library and conflicts", opt.Kind)
	}
	if opt.Effective.IsZero() {
		opt.Effective = today()
	}
	return nil
}

// today returns the current day in China as midnight UTC.
func today() time.Time {
	y, m, d := time.Now().In(time.FixedZone("CST", 8*3600)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// read runs the importer of opt.Kind over src, storing its rows through im.
func read(ctx context.Context, im *store.Import, src io.Reader, name string, opt Options,
	iopt importer.Options, res *Result, extra map[string]any) error {
	var err error
	switch opt.Kind {
	case Items:
		return readItems(ctx, im, src, name, opt, iopt, res, extra)
	case Entities:
		iopt.DupByCaller = true
		_, err = importer.Entities(src, name, iopt, func(row int, e doublerandom.Entity) error {
			return im.AddEntity(ctx, row, e)
		})
	case Inspectors:
		_, err = importer.Inspectors(src, name, iopt,
			func(row int, in doublerandom.Inspector) error {
				return im.AddInspector(ctx, row, in)
			})
	case Risk, Abnormal, Complaints, Status:
		event := map[string]string{Risk: doublerandom.EventRisk,
			Abnormal: doublerandom.EventAbnormal, Complaints: doublerandom.EventComplaints,
			Status: doublerandom.EventStatus}[opt.Kind]
		_, err = importer.Updates(src, name, opt.Kind, iopt,
			func(row int, u doublerandom.EntityUpdate) error {
				ev := event
				if u.Status != nil && *u.Status == doublerandom.StatusMovedOut {
					ev = doublerandom.EventLeave
				}
				_, err := im.UpdateEntity(ctx, row, u, ev)
				return err
			})
	case Library:
		_, err = importer.Library(src, name, iopt,
			func(row int, le doublerandom.LibraryEntry) error {
				return im.AddLibraryEntry(ctx, row, le)
			})
	case Conflicts:
		_, err = importer.Conflicts(src, name, iopt, func(row int, d importer.Declaration) error {
			return im.DeclareConflict(ctx, row, d.CertNo, d.Code, d.Reason)
		})
	}
	return err
}

// readItems reads an item list and stores it as a new version.
func readItems(ctx context.Context, im *store.Import, src io.Reader, name string, opt Options,
	iopt importer.Options, res *Result, extra map[string]any) error {
	var (
		items []doublerandom.Item
		rows  []int
	)
	_, err := importer.Items(src, name, iopt, func(row int, it doublerandom.Item) error {
		items, rows = append(items, it), append(rows, row)
		return nil
	})
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return nil // nothing to store; the report says why
	}
	l, err := im.AddItemList(ctx, doublerandom.ItemList{Effective: opt.Effective,
		Note: opt.Note}, items, rows)
	if err != nil {
		return err
	}
	res.Version = l
	extra["version"], extra["effective"] = l.Version, l.Effective.Format(doublerandom.DateLayout)
	extra["list_sha256"] = l.SHA256
	return nil
}

// countingReader counts the bytes read and reports them every 64 KiB.
type countingReader struct {
	r        io.Reader
	n, last  int64
	progress func(int64)
}

// Read implements io.Reader.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && c.n-c.last >= 64<<10 {
		c.last = c.n
		c.progress(c.n)
	}
	return n, err
}

// Summary is the last line of an import on the command line: "imported N,
// skipped M", where N counts the rows stored and M the rows read but not
// stored: the refused rows, and in a refused strict import the good rows too.
func (r *Result) Summary() string {
	return fmt.Sprintf("imported %d, skipped %d", r.Stored,
		r.Report.Imported+r.Report.Skipped-r.Stored)
}
