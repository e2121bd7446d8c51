package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"doublerandom"
)

// The district registry keeps each business's current state in entities
// and every earlier state in entity_history, with the period it held and
// the event that started it. A change copies the current row into the
// history, closing it at the moment of the change, and updates the row; so
// the registry as it stood at any moment is the current rows that started
// by then plus the history rows whose period covers it (EachEntityAsOf).

// stampLayout writes moments of the history with a fixed width, so that
// they compare as text in both databases.
const stampLayout = "2006-01-02T15:04:05.000000Z"

func formatStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(stampLayout)
}

// stateColumns are the columns of one state of a business, in the order
// scanState reads them: entityColumns, then abnormal_since.
const stateColumns = entityColumns + `, abnormal_since`

// historyColumns are the columns entity_history shares with entities.
const historyColumns = stateColumns + `, event, event_note, changed_by`

// EntityChange describes a change of one business: the event (one of the
// doublerandom.Event* names) and a note saying what happened, such as the
// file and row it came from or the reason given.
type EntityChange struct {
	Event string
	Note  string
}

// changeEntity moves the current state of business code into its history
// and lets update change the row; update receives the state before and
// returns the state after. It returns both states, and audits nothing:
// callers that change one business audit, bulk imports audit the file.
func (t *Tx) changeEntity(ctx context.Context, code string, ch EntityChange,
	update func(e doublerandom.Entity) (doublerandom.Entity, error)) (before,
	after doublerandom.Entity, err error) {
	cur, err := t.entityState(ctx, code)
	if err != nil {
		return before, after, err
	}
	before = cur.Entity
	if after, err = update(before); err != nil {
		return before, after, err
	}
	after.Code, after.CodeKind = before.Code, before.CodeKind
	now := formatStamp(time.Now())
	_, err = t.exec(ctx, `INSERT INTO entity_history (`+historyColumns+`, valid_from, valid_to)
SELECT `+historyColumns+`, since, ? FROM entities WHERE code = ?`, now, code)
	if err != nil {
		return before, after, fmt.Errorf("history of %s: %w", code, err)
	}
	_, err = t.exec(ctx, `UPDATE entities SET name = ?, entity_type = ?, industry = ?, region = ?,
address = ?, legal_rep = ?, status = ?, risk_class = ?, abnormal = ?, complaints = ?, reg_org = ?,
supervisor = ?, needs_review = ?, abnormal_since = ?, since = ?, event = ?, event_note = ?,
changed_by = ? WHERE code = ?`,
		after.Name, after.EntityType, after.Industry, after.Region, after.Address, after.LegalRep,
		statusOrActive(after.Status), after.RiskClass, boolInt(after.Abnormal), after.Complaints,
		after.RegOrg, after.Supervisor, boolInt(after.NeedsReview),
		formatDate(after.AbnormalSince), now, ch.Event, ch.Note, doublerandom.ActorFrom(ctx).ID,
		code)
	if err != nil {
		return before, after, fmt.Errorf("change %s: %w", code, err)
	}
	return before, after, nil
}

// entityState returns the current state of a business.
func (t *Tx) entityState(ctx context.Context, code string) (*doublerandom.EntityState, error) {
	rows, err := t.tx.QueryContext(ctx, t.s.rebind(`SELECT `+historyColumns+`, since, ''
FROM entities WHERE code = ?`), code)
	if err != nil {
		return nil, fmt.Errorf("business %s: %w", code, err)
	}
	states, err := scanStates(rows)
	if err != nil {
		return nil, err
	}
	if len(states) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND,
			"no business with code %s in the directory", code)
	}
	return &states[0], nil
}

// SetEntityStatus records a change of a business's registry status with
// the reason, such as a deregistration (注销) or a move out of the district
// (迁出, doublerandom.StatusMovedOut, after which the business has left the
// registry). The earlier state stays in the history.
func (t *Tx) SetEntityStatus(ctx context.Context, code, status, reason string) error {
	if err := checkStatus(status); err != nil {
		return err
	}
	ev := doublerandom.EventStatus
	if status == doublerandom.StatusMovedOut {
		ev = doublerandom.EventLeave
	}
	before, after, err := t.changeEntity(ctx, code, EntityChange{Event: ev, Note: reason},
		func(e doublerandom.Entity) (doublerandom.Entity, error) {
			e.Status = status
			return e, nil
		})
	if err != nil {
		return err
	}
	return t.Audit(ctx, "entity.status", "entity/"+code,
		map[string]string{"status": before.Status},
		map[string]string{"status": after.Status, "reason": reason})
}

// checkStatus checks a business status.
func checkStatus(s string) error {
	switch s {
	case doublerandom.StatusActive, doublerandom.StatusDeregistered,
		doublerandom.StatusRevoked, doublerandom.StatusMovedOut:
		return nil
	}
	return doublerandom.Errorf(doublerandom.EINVALID,
		"unknown business status %q; use active, deregistered, revoked or moved", s)
}

// EntityHistory returns every state of a business, oldest first, the
// current one last with a zero ValidTo.
func (s *Store) EntityHistory(ctx context.Context,
	code string) ([]doublerandom.EntityState, error) {
	rows, err := s.query(ctx, `SELECT `+historyColumns+`, valid_from, valid_to FROM entity_history
WHERE code = ? ORDER BY id`, code)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", code, err)
	}
	past, err := scanStates(rows)
	if err != nil {
		return nil, err
	}
	rows, err = s.query(ctx, `SELECT `+historyColumns+`, since, '' FROM entities WHERE code = ?`,
		code)
	if err != nil {
		return nil, fmt.Errorf("business %s: %w", code, err)
	}
	cur, err := scanStates(rows)
	if err != nil {
		return nil, err
	}
	if len(cur) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND,
			"no business with code %s in the directory", code)
	}
	return append(past, cur...), nil
}

// EachEntityAsOf calls fn with every business of the district registry as
// it stood at moment at, ordered by code: the businesses that had entered
// by then, in the state they were in, less those that had moved out of the
// district. Deregistered and revoked businesses are included with their
// status. It stops at the first error fn returns.
func (s *Store) EachEntityAsOf(ctx context.Context, at time.Time,
	fn func(e *doublerandom.Entity) error) error {
	stamp := formatStamp(at)
	rows, err := s.query(ctx, `SELECT `+stateColumns+` FROM (
SELECT `+stateColumns+` FROM entities WHERE since <= ?
UNION ALL
SELECT `+stateColumns+` FROM entity_history WHERE valid_from <= ? AND valid_to > ?) AS s
WHERE status <> ? ORDER BY code`, stamp, stamp, stamp, doublerandom.StatusMovedOut)
	if err != nil {
		return fmt.Errorf("registry as of %s: %w", stamp, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e doublerandom.Entity
		if err := scanState(rows, &e, nil); err != nil {
			return err
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanState reads the stateColumns of a row into e, followed by the
// columns dest points at.
func scanState(rows *sql.Rows, e *doublerandom.Entity, dest []any) error {
	var (
		kind, abnormalSince   string
		abnormal, needsReview int
	)
	args := []any{&e.Code, &kind, &e.Name, &e.EntityType, &e.Industry, &e.Region,
		&e.Address, &e.LegalRep, &e.Status, &e.RiskClass, &abnormal, &e.Complaints,
		&e.RegOrg, &e.Supervisor, &needsReview, &abnormalSince}
	if err := rows.Scan(append(args, dest...)...); err != nil {
		return fmt.Errorf("scan business: %w", err)
	}
	e.CodeKind = doublerandom.CodeKind(kind)
	e.Abnormal, e.NeedsReview = abnormal != 0, needsReview != 0
	var err error
	if e.AbnormalSince, err = parseDate(abnormalSince); err != nil {
		return fmt.Errorf("business %s: abnormal since: %w", e.Code, err)
	}
	return nil
}

// scanStates reads rows of historyColumns followed by the start and end of
// the state's period.
func scanStates(rows *sql.Rows) ([]doublerandom.EntityState, error) {
	defer rows.Close()
	var out []doublerandom.EntityState
	for rows.Next() {
		var (
			st       doublerandom.EntityState
			from, to string
		)
		if err := scanState(rows, &st.Entity, []any{&st.Event, &st.Note, &st.Actor,
			&from, &to}); err != nil {
			return nil, err
		}
		var err error
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

// setRisk applies a risk profile to e at moment now: the abnormal-operation
// flag keeps its day while it stays on, takes today when it turns on, and
// loses it when it turns off.
func setRisk(e *doublerandom.Entity, r Risk, now time.Time) {
	e.RiskClass, e.Complaints = r.Class, r.Complaints
	switch {
	case r.Abnormal && !e.Abnormal:
		e.AbnormalSince = chinaDay(now)
	case !r.Abnormal:
		e.AbnormalSince = time.Time{}
	}
	e.Abnormal = r.Abnormal
}

// chinaDay returns the calendar day of t in China as midnight UTC.
func chinaDay(t time.Time) time.Time {
	y, m, d := t.In(time.FixedZone("CST", 8*3600)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// UpdateEntity applies a change read from row of the file to a business,
// keeping the earlier state in its history. A business not in the
// directory is refused, and so is a change that changes nothing (the same
// row imported twice); it reports whether the business changed.
func (im *Import) UpdateEntity(ctx context.Context, row int, u doublerandom.EntityUpdate,
	event string) (bool, error) {
	if u.Status != nil {
		if err := checkStatus(*u.Status); err != nil {
			return false, err
		}
	}
	note := fmt.Sprintf("%s row %d", im.file.File, row)
	if !u.Date.IsZero() {
		note += ", " + formatDate(u.Date)
	}
	if u.Reason != "" {
		note += ": " + u.Reason
	}
	same := false
	_, _, err := im.tx.changeEntity(ctx, u.Code, EntityChange{Event: event, Note: note},
		func(e doublerandom.Entity) (doublerandom.Entity, error) {
			before := e
			applyUpdate(&e, u)
			if e == before {
				same = true
				return e, errUnchanged
			}
			return e, nil
		})
	switch {
	case err == errUnchanged:
		im.refuse(row, "code", u.Code, "changes nothing: the directory already says so")
		return false, nil
	case doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND:
		im.refuse(row, "code", u.Code, "no business with this code in the directory; "+
			"import it as a business first")
		return false, nil
	case err != nil:
		return false, err
	}
	return !same, nil
}

// errUnchanged stops changeEntity when an update changes nothing.
var errUnchanged = errors.New("unchanged")

// applyUpdate sets the non-nil fields of u on e.
func applyUpdate(e *doublerandom.Entity, u doublerandom.EntityUpdate) {
	if u.RiskClass != nil {
		e.RiskClass = *u.RiskClass
	}
	if u.Complaints != nil {
		e.Complaints = *u.Complaints
	}
	if u.Status != nil {
		e.Status = *u.Status
	}
	if u.Abnormal == nil {
		return
	}
	switch {
	case *u.Abnormal && !u.AbnormalSince.IsZero():
		e.AbnormalSince = u.AbnormalSince
	case *u.Abnormal && !e.Abnormal:
		e.AbnormalSince = chinaDay(time.Now())
	case !*u.Abnormal:
		e.AbnormalSince = time.Time{}
	}
	e.Abnormal = *u.Abnormal
}
