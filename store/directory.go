package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"doublerandom"
)

// PutDepartment inserts or updates a department.
func (t *Tx) PutDepartment(ctx context.Context, d doublerandom.Department) error {
	_, err := t.exec(ctx, `INSERT INTO departments (code, name, name_en) VALUES (?, ?, ?)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en`,
		d.Code, d.Name, d.NameEn)
	if err != nil {
		return fmt.Errorf("put department %s: %w", d.Code, err)
	}
	return t.Audit(ctx, "department.put", "department/"+d.Code, nil, d)
}

// Departments returns every department, ordered by code.
func (s *Store) Departments(ctx context.Context) ([]doublerandom.Department, error) {
	rows, err := s.query(ctx, `SELECT code, name, name_en FROM departments ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("departments: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.Department
	for rows.Next() {
		var d doublerandom.Department
		if err := rows.Scan(&d.Code, &d.Name, &d.NameEn); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// AddItem inserts an item of a department's list outside any version and
// returns its id. Store.Items lists such items only while their department
// has no version of its list; imports and edits make versions
// (Import.AddItemList, Tx.AddItemList).
func (t *Tx) AddItem(ctx context.Context, it doublerandom.Item) (int64, error) {
	return t.addItemRow(ctx, it)
}

// Items returns a department's current item list in list order: its newest
// published version, else its newest version, else the items added with
// Tx.AddItem. dept "" returns every department's, by department.
func (s *Store) Items(ctx context.Context, dept string) ([]doublerandom.Item, error) {
	ids, err := s.currentListIDs(ctx, dept)
	if err != nil {
		return nil, err
	}
	return s.listItems(ctx, ids, dept)
}

const inspectorColumns = `id, name, dept, cert_no, cert_expiry, region, level, specialties, status,
id_number, phone`

// encodeSpecialties writes an inspector's specialties into one column as a
// JSON array: a specialty's own text may contain any separator (real ones
// contain 、 and commas).
func encodeSpecialties(specs []string) string {
	if len(specs) == 0 {
		return ""
	}
	b, _ := json.Marshal(specs)
	return string(b)
}

// decodeSpecialties reads the column written by encodeSpecialties.
func decodeSpecialties(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("specialties %q: %w", s, err)
	}
	return out, nil
}

// AddInspector inserts an inspector. An id already present is a conflict.
func (t *Tx) AddInspector(ctx context.Context, in doublerandom.Inspector) error {
	status := in.Status
	if status == "" {
		status = doublerandom.InspectorActive
	}
	res, err := t.exec(ctx, `INSERT INTO inspectors (`+inspectorColumns+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		in.ID, in.Name, in.Dept, in.CertNo, formatDate(in.CertExpiry), in.Region, in.Level,
		encodeSpecialties(in.Specialties), status, in.IDNumber, in.Phone)
	if err != nil {
		return fmt.Errorf("add inspector %s: %w", in.ID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"inspector %s (%s) is already in the directory", in.ID, in.Name)
	}
	return nil
}

// AddConflict records an inspector's declared conflict of interest with a
// business (回避), declared now; a withdrawn declaration is declared again.
func (t *Tx) AddConflict(ctx context.Context, inspectorID, entityCode, reason string) error {
	if err := t.putConflict(ctx, inspectorID, entityCode, reason); err != nil {
		return err
	}
	return t.Audit(ctx, "inspector.conflict", "inspector/"+inspectorID, nil,
		map[string]string{"business": entityCode, "reason": reason})
}

// Inspectors returns the inspectors of the given departments (all when none
// are given), ordered by id.
func (s *Store) Inspectors(ctx context.Context, depts ...string) ([]doublerandom.Inspector, error) {
	q, args := `SELECT `+inspectorColumns+` FROM inspectors`, []any{}
	if len(depts) > 0 {
		q += ` WHERE dept IN (` + marks(len(depts)) + `)`
		for _, d := range depts {
			args = append(args, d)
		}
	}
	rows, err := s.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("inspectors: %w", err)
	}
	return scanInspectors(rows)
}

func scanInspectors(rows *sql.Rows) ([]doublerandom.Inspector, error) {
	defer rows.Close()
	var out []doublerandom.Inspector
	for rows.Next() {
		var (
			in            doublerandom.Inspector
			expiry, specs string
		)
		if err := rows.Scan(&in.ID, &in.Name, &in.Dept, &in.CertNo, &expiry, &in.Region,
			&in.Level, &specs, &in.Status, &in.IDNumber, &in.Phone); err != nil {
			return nil, fmt.Errorf("scan inspector: %w", err)
		}
		var err error
		if in.CertExpiry, err = parseDate(expiry); err != nil {
			return nil, fmt.Errorf("inspector %s: certificate expiry: %w", in.ID, err)
		}
		if in.Specialties, err = decodeSpecialties(specs); err != nil {
			return nil, fmt.Errorf("inspector %s: %w", in.ID, err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// Conflicts returns the standing conflicts of interest as a map from
// inspector id to the business codes the inspector must not inspect.
func (s *Store) Conflicts(ctx context.Context) (map[string][]string, error) {
	rows, err := s.query(ctx, `SELECT inspector_id, entity_code FROM inspector_conflicts
WHERE withdrawn_at = '' ORDER BY inspector_id, entity_code`)
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var in, code string
		if err := rows.Scan(&in, &code); err != nil {
			return nil, err
		}
		out[in] = append(out[in], code)
	}
	return out, rows.Err()
}
