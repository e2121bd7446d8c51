package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"doublerandom"
)

// The inspector directory keeps its history like the registry: the current
// state of each inspector in inspectors, every earlier one in
// inspector_history with its period and the event that started it
// (entering, status changes, certificate renewals). Identity numbers and
// phone numbers are stored with each state and never leave the staff
// pages of the inspector's own department.

const inspectorHistoryColumns = inspectorColumns + `, event, event_note, changed_by`

// AddInspector adds an inspector read from row of the import's file to the
// directory. An inspector whose department already has his certificate
// number, or whose id is taken, is refused.
func (im *Import) AddInspector(ctx context.Context, row int, in doublerandom.Inspector) error {
	t := im.tx
	var (
		id, name, file string
		first          int
		importID       int64
	)
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT i.id, i.name, i.import_id, i.import_row,
COALESCE(f.file, '') FROM inspectors i LEFT JOIN import_files f ON f.id = i.import_id
WHERE i.id = ? OR (i.dept = ? AND i.cert_no = ?) LIMIT 1`), in.ID, in.Dept, in.CertNo).Scan(
		&id, &name, &importID, &first, &file)
	switch {
	case err == nil && importID == im.file.ID:
		im.refuse(row, "cert_no", in.CertNo, "the same certificate number is already on row %d",
			first)
		return nil
	case err == nil:
		im.refuse(row, "cert_no", in.CertNo, "certificate %s is already in the directory "+
			"(inspector %s, %s); change the entry there instead of adding it again",
			in.CertNo, id, name)
		return nil
	case !isNoRows(err):
		return fmt.Errorf("inspector %s: %w", in.ID, err)
	}
	status := in.Status
	if status == "" {
		status = doublerandom.InspectorActive
	}
	_, err = t.exec(ctx, `INSERT INTO inspectors (`+inspectorColumns+`, since, event, event_note,
changed_by, import_id, import_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.ID, in.Name, in.Dept, in.CertNo, formatDate(in.CertExpiry), in.Region, in.Level,
		encodeSpecialties(in.Specialties), status, in.IDNumber, in.Phone,
		formatStamp(im.file.At), doublerandom.EventEnter, im.file.File, im.file.Actor, im.file.ID,
		row)
	if err != nil {
		return fmt.Errorf("add inspector %s: %w", in.ID, err)
	}
	return nil
}

// changeInspector moves the current state of inspector id into its history
// and applies update, like changeEntity.
func (t *Tx) changeInspector(ctx context.Context, id, event, note string,
	update func(in *doublerandom.Inspector) error) (before, after doublerandom.Inspector,
	err error) {
	rows, err := t.tx.QueryContext(ctx, t.s.rebind(`SELECT `+inspectorColumns+
		` FROM inspectors WHERE id = ?`), id)
	if err != nil {
		return before, after, fmt.Errorf("inspector %s: %w", id, err)
	}
	ins, err := scanInspectors(rows)
	if err != nil {
		return before, after, err
	}
	if len(ins) == 0 {
		return before, after, doublerandom.Errorf(doublerandom.ENOTFOUND,
			"no inspector %s in the directory", id)
	}
	before, after = ins[0], ins[0]
	if err := update(&after); err != nil {
		return before, after, err
	}
	now := formatStamp(time.Now())
	_, err = t.exec(ctx, `INSERT INTO inspector_history (inspector_id, `+
		strings.TrimPrefix(inspectorHistoryColumns, "id, ")+`, valid_from, valid_to)
SELECT `+inspectorHistoryColumns+`, since, ? FROM inspectors WHERE id = ?`, now, id)
	if err != nil {
		return before, after, fmt.Errorf("history of inspector %s: %w", id, err)
	}
	_, err = t.exec(ctx, `UPDATE inspectors SET name = ?, cert_no = ?, cert_expiry = ?,
region = ?, level = ?, specialties = ?, status = ?, id_number = ?, phone = ?, since = ?,
event = ?, event_note = ?, changed_by = ? WHERE id = ?`, after.Name, after.CertNo,
		formatDate(after.CertExpiry), after.Region, after.Level,
		encodeSpecialties(after.Specialties), after.Status, after.IDNumber, after.Phone,
		now, event, note, doublerandom.ActorFrom(ctx).ID, id)
	if err != nil {
		return before, after, fmt.Errorf("change inspector %s: %w", id, err)
	}
	return before, after, nil
}

// SetInspectorStatus records that an inspector went on leave, came back or
// was transferred out (调离, leaving the directory), with the reason. The
// audit entry holds no personal data.
func (t *Tx) SetInspectorStatus(ctx context.Context, id, status, reason string) error {
	switch status {
	case doublerandom.InspectorActive, doublerandom.InspectorOnLeave,
		doublerandom.InspectorTransferred:
	default:
		return doublerandom.Errorf(doublerandom.EINVALID,
			"unknown inspector status %q; use active, leave or transferred", status)
	}
	event := doublerandom.EventStatus
	if status == doublerandom.InspectorTransferred {
		event = doublerandom.EventLeave
	}
	before, _, err := t.changeInspector(ctx, id, event, reason,
		func(in *doublerandom.Inspector) error {
			if in.Status == status {
				return doublerandom.Errorf(doublerandom.ECONFLICT,
					"inspector %s's status is already %s", id, status)
			}
			in.Status = status
			return nil
		})
	if err != nil {
		return err
	}
	return t.Audit(ctx, "inspector.status", "inspector/"+id,
		map[string]string{"status": before.Status},
		map[string]string{"status": status, "reason": reason})
}

// RenewCertificate records a new enforcement certificate, or a new expiry
// of the same one, for an inspector. certNo "" keeps the number.
func (t *Tx) RenewCertificate(ctx context.Context, id, certNo string, expiry time.Time) error {
	if expiry.IsZero() {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"a certificate renewal needs the new expiry date")
	}
	before, after, err := t.changeInspector(ctx, id, doublerandom.EventCert, "",
		func(in *doublerandom.Inspector) error {
			if certNo != "" {
				in.CertNo = certNo
			}
			in.CertExpiry = expiry
			return nil
		})
	if err != nil {
		return err
	}
	state := func(in doublerandom.Inspector) map[string]string {
		return map[string]string{"cert_no": in.CertNo, "cert_expiry": formatDate(in.CertExpiry)}
	}
	return t.Audit(ctx, "inspector.certificate", "inspector/"+id, state(before), state(after))
}

// InspectorHistory returns every state of an inspector, oldest first, the
// current one last with a zero ValidTo.
func (s *Store) InspectorHistory(ctx context.Context,
	id string) ([]doublerandom.InspectorState, error) {
	rows, err := s.query(ctx, `SELECT inspector_id, `+
		strings.TrimPrefix(inspectorHistoryColumns, "id, ")+`, valid_from, valid_to
FROM inspector_history WHERE inspector_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of inspector %s: %w", id, err)
	}
	out, err := scanInspectorStates(rows)
	if err != nil {
		return nil, err
	}
	rows, err = s.query(ctx, `SELECT `+inspectorHistoryColumns+`, since, ''
FROM inspectors WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("inspector %s: %w", id, err)
	}
	cur, err := scanInspectorStates(rows)
	if err != nil {
		return nil, err
	}
	if len(cur) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no inspector %s", id)
	}
	return append(out, cur...), nil
}

func scanInspectorStates(rows *sql.Rows) ([]doublerandom.InspectorState, error) {
	defer rows.Close()
	var out []doublerandom.InspectorState
	for rows.Next() {
		var (
			st                      doublerandom.InspectorState
			expiry, specs, from, to string
		)
		if err := rows.Scan(&st.ID, &st.Name, &st.Dept, &st.CertNo, &expiry, &st.Region,
			&st.Level, &specs, &st.Status, &st.IDNumber, &st.Phone, &st.Event, &st.Note,
			&st.Actor, &from, &to); err != nil {
			return nil, fmt.Errorf("scan inspector: %w", err)
		}
		var err error
		if st.CertExpiry, err = parseDate(expiry); err != nil {
			return nil, err
		}
		if st.Specialties, err = decodeSpecialties(specs); err != nil {
			return nil, fmt.Errorf("inspector %s: %w", st.ID, err)
		}
		if st.ValidFrom, err = parseTime(from); err != nil {
			return nil, err
		}
		if st.ValidTo, err = parseTime(to); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// InspectorsAsOf returns the inspectors of depts as they stood at moment
// at, ordered by id: those who had entered by then, in the state of that
// moment (a transferred inspector is included with his status).
func (s *Store) InspectorsAsOf(ctx context.Context, at time.Time,
	depts ...string) ([]doublerandom.Inspector, error) {
	stamp := formatStamp(at)
	cond, args := "", []any{}
	if len(depts) > 0 {
		cond = ` AND dept IN (` + marks(len(depts)) + `)`
		for _, d := range depts {
			args = append(args, d)
		}
	}
	q := `SELECT ` + inspectorColumns + ` FROM (
SELECT ` + inspectorColumns + ` FROM inspectors WHERE since <= ?` + cond + `
UNION ALL
SELECT inspector_id AS id, ` + strings.TrimPrefix(inspectorColumns, "id, ") + `
FROM inspector_history WHERE valid_from <= ? AND valid_to > ?` + cond + `) AS s
ORDER BY id`
	all := append(append([]any{stamp}, args...), append([]any{stamp, stamp}, args...)...)
	rows, err := s.query(ctx, q, all...)
	if err != nil {
		return nil, fmt.Errorf("inspectors as of %s: %w", stamp, err)
	}
	return scanInspectors(rows)
}
