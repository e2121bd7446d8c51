package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"doublerandom"
)

// A department's object directory (检查对象名录库, SPEC R2) is not stored as
// a list: it is the businesses of the district registry that match the
// department's rules in force (directory_rules), some through labels they
// carry (entity_labels: special libraries, tags, licences). Registry,
// rules and labels all keep their history, so the directory as it stood at
// any moment is computed from the states of that moment (DirectoryAsOf),
// and businesses enter and leave it as they open, close, move, gain or lose
// a label, or as the department changes its rules.

// AddDirectoryRule adds a membership rule to a department's object
// directory and audits it.
func (t *Tx) AddDirectoryRule(ctx context.Context, dept, kind, value string) (int64, error) {
	value = strings.TrimSpace(value)
	if err := doublerandom.CheckRule(kind, value); err != nil {
		return 0, err
	}
	if err := t.checkDept(ctx, dept); err != nil {
		return 0, err
	}
	var id int64
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO directory_rules (dept, kind, value,
added_at, added_by) VALUES (?, ?, ?, ?, ?) RETURNING id`), dept, kind, value,
		formatStamp(time.Now()), doublerandom.ActorFrom(ctx).ID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add rule to %s: %w", dept, err)
	}
	return id, t.Audit(ctx, "directory.rule.add", "directory/"+dept, nil,
		map[string]any{"id": id, "kind": kind, "value": value})
}

// RemoveDirectoryRule ends a rule of a department's object directory; the
// rule stays on record with its period. It audits the removal.
func (t *Tx) RemoveDirectoryRule(ctx context.Context, dept string, id int64) error {
	res, err := t.exec(ctx, `UPDATE directory_rules SET removed_at = ?, removed_by = ?
WHERE id = ? AND dept = ? AND removed_at = ''`, formatStamp(time.Now()),
		doublerandom.ActorFrom(ctx).ID, id, dept)
	if err != nil {
		return fmt.Errorf("remove rule %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return doublerandom.Errorf(doublerandom.ENOTFOUND,
			"%s's object directory has no rule %d in force", dept, id)
	}
	return t.Audit(ctx, "directory.rule.remove", "directory/"+dept, map[string]any{"id": id}, nil)
}

// DirectoryRules returns every rule a department ever had, in force or
// removed, in the order they were added; dept "" returns every
// department's.
func (s *Store) DirectoryRules(ctx context.Context,
	dept string) ([]doublerandom.DirectoryRule, error) {
	q, args := `SELECT id, dept, kind, value, added_at, added_by, removed_at, removed_by
FROM directory_rules`, []any{}
	if dept != "" {
		q, args = q+` WHERE dept = ?`, append(args, dept)
	}
	rows, err := s.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.DirectoryRule
	for rows.Next() {
		var (
			r            doublerandom.DirectoryRule
			added, taken string
		)
		if err := rows.Scan(&r.ID, &r.Dept, &r.Kind, &r.Value, &added, &r.AddedBy, &taken,
			&r.RemovedBy); err != nil {
			return nil, fmt.Errorf("scan rule: %w", err)
		}
		if r.AddedAt, err = parseTime(added); err != nil {
			return nil, err
		}
		if r.RemovedAt, err = parseTime(taken); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddLibraryEntry puts a business into a special library from row of the
// import's file, with the tag and licence the row names (see
// doublerandom.LibraryEntry.Labels). A business not in the registry is
// refused, and so is one already in that library.
func (im *Import) AddLibraryEntry(ctx context.Context, row int,
	le doublerandom.LibraryEntry) error {
	t := im.tx
	var name string
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT name FROM entities WHERE code = ?`),
		le.Code).Scan(&name)
	if isNoRows(err) {
		im.refuse(row, "code", le.Code, "no business with this code in the directory; "+
			"import it as a business first")
		return nil
	}
	if err != nil {
		return fmt.Errorf("library entry %s: %w", le.Code, err)
	}
	var first, importID int64
	var file string
	err = t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT l.import_row, l.import_id,
COALESCE(f.file, '') FROM entity_labels l LEFT JOIN import_files f ON f.id = l.import_id
WHERE l.code = ? AND l.kind = ? AND l.value = ? AND l.removed_at = '' LIMIT 1`),
		le.Code, doublerandom.LabelLibrary, le.Library).Scan(&first, &importID, &file)
	switch {
	case err == nil && importID == im.file.ID:
		im.refuse(row, "code", le.Code, "the same business and library are already on row %d",
			first)
		return nil
	case err == nil:
		im.refuse(row, "code", le.Code, "%s is already in the special library %s (from %s "+
			"row %d)", name, le.Library, file, first)
		return nil
	case !isNoRows(err):
		return fmt.Errorf("library entry %s: %w", le.Code, err)
	}
	for _, l := range le.Labels() {
		if err := t.addLabel(ctx, l, im.file.ID, row); err != nil {
			return err
		}
	}
	return nil
}

// addLabel stores a label, added now by the actor of ctx.
func (t *Tx) addLabel(ctx context.Context, l doublerandom.Label, importID int64, row int) error {
	detail, err := json.Marshal(l.Detail)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO entity_labels (code, kind, value, detail, valid_until,
added_at, added_by, import_id, import_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.Code, l.Kind, l.Value, string(detail), formatDate(l.ValidUntil), formatStamp(time.Now()),
		doublerandom.ActorFrom(ctx).ID, importID, row)
	if err != nil {
		return fmt.Errorf("label %s %s: %w", l.Code, l.Value, err)
	}
	return nil
}

// RemoveLabel takes a label off a business, such as a business leaving a
// special library, giving the reason; the label stays on record with its
// period. It audits the removal.
func (t *Tx) RemoveLabel(ctx context.Context, id int64, reason string) error {
	res, err := t.exec(ctx, `UPDATE entity_labels SET removed_at = ?, removed_by = ?
WHERE id = ? AND removed_at = ''`, formatStamp(time.Now()), doublerandom.ActorFrom(ctx).ID, id)
	if err != nil {
		return fmt.Errorf("remove label %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return doublerandom.Errorf(doublerandom.ENOTFOUND, "no label %d in force", id)
	}
	return t.Audit(ctx, "label.remove", fmt.Sprintf("label/%d", id), nil,
		map[string]string{"reason": reason})
}

// Labels returns the labels of a business, in force or not, oldest first;
// code "" returns every business's.
func (s *Store) Labels(ctx context.Context, code string) ([]doublerandom.Label, error) {
	var out []doublerandom.Label
	err := s.eachLabel(ctx, code, func(l doublerandom.Label) error {
		out = append(out, l)
		return nil
	})
	return out, err
}

func (s *Store) eachLabel(ctx context.Context, code string,
	fn func(doublerandom.Label) error) error {
	q, args := `SELECT id, code, kind, value, detail, valid_until, added_at, added_by, removed_at,
removed_by FROM entity_labels`, []any{}
	if code != "" {
		q, args = q+` WHERE code = ?`, append(args, code)
	}
	rows, err := s.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("labels: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanLabel(rows)
		if err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanLabel(rows *sql.Rows) (doublerandom.Label, error) {
	var (
		l                           doublerandom.Label
		detail, until, added, taken string
	)
	if err := rows.Scan(&l.ID, &l.Code, &l.Kind, &l.Value, &detail, &until, &added, &l.AddedBy,
		&taken, &l.RemovedBy); err != nil {
		return l, fmt.Errorf("scan label: %w", err)
	}
	if detail != "" {
		if err := json.Unmarshal([]byte(detail), &l.Detail); err != nil {
			return l, fmt.Errorf("label %d: %w", l.ID, err)
		}
	}
	var err error
	if l.ValidUntil, err = parseDate(until); err != nil {
		return l, err
	}
	if l.AddedAt, err = parseTime(added); err != nil {
		return l, err
	}
	l.RemovedAt, err = parseTime(taken)
	return l, err
}

// LabelValues returns the distinct values of labels of a kind ever given,
// sorted: the special libraries, tags or licences a rule may name.
func (s *Store) LabelValues(ctx context.Context, kind string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT value FROM entity_labels WHERE kind = ?
ORDER BY value`, kind)
	if err != nil {
		return nil, fmt.Errorf("label values: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// directoryAt is what decides membership of departments' directories at
// one moment.
type directoryAt struct {
	at     time.Time
	all    bool // some department has no rule in force: the whole registry
	rules  []doublerandom.DirectoryRule
	labels map[string][]doublerandom.Label // by business, in force at at
}

// directoryAt loads the rules and labels in force at moment at for depts.
func (s *Store) directoryAt(ctx context.Context, depts []string,
	at time.Time) (*directoryAt, error) {
	d := &directoryAt{at: at}
	var needLabels bool
	for _, dept := range depts {
		rules, err := s.DirectoryRules(ctx, dept)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, r := range rules {
			if r.InForce(at) {
				d.rules = append(d.rules, r)
				n++
				needLabels = needLabels || r.Kind == doublerandom.RuleLicence ||
					r.Kind == doublerandom.RuleTag || r.Kind == doublerandom.RuleLibrary
			}
		}
		d.all = d.all || n == 0
	}
	if d.all || !needLabels {
		return d, nil
	}
	d.labels = map[string][]doublerandom.Label{}
	err := s.eachLabel(ctx, "", func(l doublerandom.Label) error {
		if l.InForce(at) {
			d.labels[l.Code] = append(d.labels[l.Code], l)
		}
		return nil
	})
	return d, err
}

// member reports whether business e belongs to the directory, and by which
// rule (nil when the whole registry does).
func (d *directoryAt) member(e *doublerandom.Entity) (bool, *doublerandom.DirectoryRule) {
	if d.all {
		return true, nil
	}
	for i := range d.rules {
		if d.rules[i].Matches(e, d.labels[e.Code]) {
			return true, &d.rules[i]
		}
	}
	return false, nil
}

// EachDirectoryEntity calls fn with every business of the object
// directories of depts (their union) as they stood at moment at, ordered by
// code, in the state of that moment; a zero at means now, by the store's
// clock, which also stamps the history. Businesses that had moved out of the
// district are left out; deregistered and revoked ones that the rules
// still select are included with their status, so that a draw lists them
// as exclusions. A department without any rule in force takes the whole
// registry.
func (s *Store) EachDirectoryEntity(ctx context.Context, depts []string, at time.Time,
	fn func(e *doublerandom.Entity) error) error {
	if at.IsZero() {
		at = time.Now()
	}
	d, err := s.directoryAt(ctx, depts, at)
	if err != nil {
		return err
	}
	return s.EachEntityAsOf(ctx, at, func(e *doublerandom.Entity) error {
		if ok, _ := d.member(e); !ok {
			return nil
		}
		return fn(e)
	})
}

// DirectoryAsOf returns the businesses EachDirectoryEntity yields: what a
// draw frozen at moment at sees (SPEC R2).
func (s *Store) DirectoryAsOf(ctx context.Context, depts []string,
	at time.Time) ([]doublerandom.Entity, error) {
	var out []doublerandom.Entity
	err := s.EachDirectoryEntity(ctx, depts, at, func(e *doublerandom.Entity) error {
		out = append(out, *e)
		return nil
	})
	return out, err
}

// DirectoryChange is a business entering or leaving a department's object
// directory between two moments.
type DirectoryChange struct {
	Code    string
	Name    string
	Entered bool // false: left
}

// DirectoryChanges returns the businesses that entered or left a
// department's directory of active businesses between moments from and to,
// ordered by code.
func (s *Store) DirectoryChanges(ctx context.Context, dept string,
	from, to time.Time) ([]DirectoryChange, error) {
	before := map[string]string{}
	err := s.EachDirectoryEntity(ctx, []string{dept}, from, func(e *doublerandom.Entity) error {
		if e.Status == doublerandom.StatusActive {
			before[e.Code] = e.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []DirectoryChange
	err = s.EachDirectoryEntity(ctx, []string{dept}, to, func(e *doublerandom.Entity) error {
		if e.Status != doublerandom.StatusActive {
			return nil
		}
		if _, ok := before[e.Code]; ok {
			delete(before, e.Code)
			return nil
		}
		out = append(out, DirectoryChange{Code: e.Code, Name: e.Name, Entered: true})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for code, name := range before {
		out = append(out, DirectoryChange{Code: code, Name: name})
	}
	slices.SortFunc(out, func(a, b DirectoryChange) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}
