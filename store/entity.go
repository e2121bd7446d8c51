package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"doublerandom"
	"doublerandom/store/postgres"
	"doublerandom/store/sqlite"
)

const entityColumns = `code, code_kind, name, entity_type, industry, region, address, legal_rep,
status, risk_class, abnormal, complaints, reg_org, supervisor, needs_review`

// AddEntity inserts a business into the directory, entering it now. A code
// already in the directory is a conflict naming the code. Imports of whole
// files use Import.AddEntity instead.
func (t *Tx) AddEntity(ctx context.Context, e doublerandom.Entity) error {
	res, err := t.exec(ctx, `INSERT INTO entities (`+stateColumns+`, since, changed_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
		e.Code, string(e.CodeKind), e.Name, e.EntityType, e.Industry, e.Region, e.Address,
		e.LegalRep, statusOrActive(e.Status), e.RiskClass, boolInt(e.Abnormal), e.Complaints,
		e.RegOrg, e.Supervisor, boolInt(e.NeedsReview), formatDate(e.AbnormalSince),
		formatStamp(time.Now()), doublerandom.ActorFrom(ctx).ID)
	if err != nil {
		return fmt.Errorf("add entity %s: %w", e.Code, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"business %s (%s) is already in the directory", e.Code, e.Name)
	}
	return nil
}

func statusOrActive(s string) string {
	if s == "" {
		return doublerandom.StatusActive
	}
	return s
}

// Entity returns the business with the given code.
func (s *Store) Entity(ctx context.Context, code string) (*doublerandom.Entity, error) {
	rows, err := s.query(ctx, `SELECT `+stateColumns+` FROM entities WHERE code = ?`, code)
	if err != nil {
		return nil, fmt.Errorf("entity %s: %w", code, err)
	}
	es, err := scanEntities(rows)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no business with code %s", code)
	}
	return &es[0], nil
}

// EntityFilter selects businesses of the directory. Zero fields select all.
type EntityFilter struct {
	Status string   // only this status
	Codes  []string // only these codes
	Limit  int
	Offset int
}

// Entities returns the businesses matching f, ordered by code.
func (s *Store) Entities(ctx context.Context, f EntityFilter) ([]doublerandom.Entity, error) {
	var (
		where []string
		args  []any
	)
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, f.Status)
	}
	if len(f.Codes) > 0 {
		where = append(where, "code IN ("+marks(len(f.Codes))+")")
		for _, c := range f.Codes {
			args = append(args, c)
		}
	}
	q := `SELECT ` + stateColumns + ` FROM entities`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY code"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, f.Offset)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("entities: %w", err)
	}
	return scanEntities(rows)
}

// CountEntities returns how many businesses the directory holds.
func (s *Store) CountEntities(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM entities`).Scan(&n)
	return n, err
}

func scanEntities(rows *sql.Rows) ([]doublerandom.Entity, error) {
	defer rows.Close()
	var out []doublerandom.Entity
	for rows.Next() {
		var e doublerandom.Entity
		if err := scanState(rows, &e, nil); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SearchEntities finds businesses by exact code or by a substring of the
// name, at most limit of them. Names are matched through the database's
// trigram index when q has three or more characters and by a plain scan
// otherwise, because a trigram index cannot find one- or two-character terms
// such as 药店.
func (s *Store) SearchEntities(ctx context.Context, q string,
	limit int) ([]doublerandom.Entity, error) {
	es, _, err := s.SearchEntitiesPage(ctx, q, 0, limit)
	return es, err
}

// SearchEntitiesPage is SearchEntities from the offset-th business found on:
// at most limit of them, and whether more follow. Pages are cut from one
// order (an exact code first, then the index's order), so that together they
// hold every business found once; within a page, names are sorted.
func (s *Store) SearchEntitiesPage(ctx context.Context, q string, offset,
	limit int) ([]doublerandom.Entity, bool, error) {
	if offset < 0 || limit <= 0 {
		return nil, false, nil
	}
	es, err := s.searchEntities(ctx, q, offset+limit+1)
	if err != nil || offset >= len(es) {
		return nil, false, err
	}
	// The matches come in index order, the same for every page; each page
	// shows its own by name, after an exact code.
	es = es[offset:]
	more := len(es) > limit
	if more {
		es = es[:limit]
	}
	first := 0
	if offset == 0 && len(es) > 0 && es[0].Code == strings.ToUpper(strings.TrimSpace(q)) {
		first = 1
	}
	slices.SortStableFunc(es[first:], func(a, b doublerandom.Entity) int {
		return strings.Compare(a.Name, b.Name)
	})
	return es, more, nil
}

func (s *Store) searchEntities(ctx context.Context, q string, limit int) ([]doublerandom.Entity,
	error) {
	q = strings.TrimSpace(q)
	if q == "" || !utf8.ValidString(q) || strings.ContainsRune(q, 0) {
		return nil, nil
	}
	codes := []string{}
	seen := map[string]bool{}
	add := func(rows *sql.Rows, err error) error {
		if err != nil {
			return fmt.Errorf("search %q: %w", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
		return rows.Err()
	}
	if err := add(s.query(ctx, `SELECT code FROM entities WHERE code = ?`,
		strings.ToUpper(q))); err != nil {
		return nil, err
	}
	if err := add(s.searchNames(ctx, q, limit)); err != nil {
		return nil, err
	}
	if len(codes) > limit {
		codes = codes[:limit]
	}
	if len(codes) == 0 {
		return nil, nil
	}
	es, err := s.Entities(ctx, EntityFilter{Codes: codes})
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]doublerandom.Entity, len(es))
	for _, e := range es {
		byCode[e.Code] = e
	}
	out := make([]doublerandom.Entity, 0, len(codes))
	for _, c := range codes {
		out = append(out, byCode[c])
	}
	return out, nil
}

// likeEscaper escapes the LIKE wildcards of a search text.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func (s *Store) searchNames(ctx context.Context, q string, limit int) (*sql.Rows, error) {
	n := len([]rune(q))
	switch {
	case !s.postgres && n >= 3:
		return s.query(ctx, sqlite.SearchNames, `"`+strings.ReplaceAll(q, `"`, `""`)+`"`, limit)
	case n == 2 && !s.postgres:
		return s.query(ctx, sqlite.SearchBigram, sqlite.BigramQuery(q), limit)
	case n == 2:
		return s.query(ctx, postgres.SearchBigram, strings.ToLower(q), limit)
	}
	return s.query(ctx,
		`SELECT code FROM entities WHERE name LIKE ? ESCAPE '\' ORDER BY name LIMIT ?`,
		"%"+likeEscaper.Replace(q)+"%", limit)
}

// Risk is a business's supervision profile: risk class, abnormal-operation
// list flag and complaint count.
type Risk struct {
	Class      string `json:"risk_class"`
	Abnormal   bool   `json:"abnormal"`
	Complaints int    `json:"complaints"`
}

// SetRisk changes a business's risk profile, keeping the earlier state in
// the business's history; the audit log keeps the state before and after.
func (t *Tx) SetRisk(ctx context.Context, code string, r Risk) error {
	before, _, err := t.changeEntity(ctx, code, EntityChange{Event: doublerandom.EventRisk},
		func(e doublerandom.Entity) (doublerandom.Entity, error) {
			setRisk(&e, r, time.Now())
			return e, nil
		})
	if err != nil {
		return err
	}
	was := Risk{Class: before.RiskClass, Abnormal: before.Abnormal, Complaints: before.Complaints}
	return t.Audit(ctx, "entity.risk", "entity/"+code, was, r)
}
