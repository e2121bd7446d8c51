package store

import (
	"context"
	"fmt"
	"time"

	"doublerandom"
)

// CreditAssessment is the last assessment of a business by the credit rules
// (package credit): the rule that applied, the class it gave, and the class
// the registry had before the first assessment.
type CreditAssessment struct {
	Code          string    `json:"code"`
	RegistryClass string    `json:"registry_class"`
	Class         string    `json:"class"`
	Rule          string    `json:"rule"`
	AssessedAt    time.Time `json:"assessed_at"`
}

// CreditAssessment returns the last assessment of a business, or a
// not-found error when it was never assessed.
func (s *Store) CreditAssessment(ctx context.Context, code string) (*CreditAssessment, error) {
	a := CreditAssessment{Code: code}
	var at string
	err := s.queryRow(ctx, `SELECT registry_class, class, rule, assessed_at
FROM credit_assessments WHERE code = ?`, code).Scan(&a.RegistryClass, &a.Class, &a.Rule, &at)
	if err != nil {
		return nil, notFound(err, "business %s has no credit assessment", code)
	}
	if a.AssessedAt, err = parseTime(at); err != nil {
		return nil, fmt.Errorf("credit assessment of %s: %w", code, err)
	}
	return &a, nil
}

// PutCreditAssessment records an assessment and sets the business's risk
// class to its class; both changes are audited.
func (t *Tx) PutCreditAssessment(ctx context.Context, a CreditAssessment) error {
	var before *CreditAssessment
	var old CreditAssessment
	var at string
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT registry_class, class, rule, assessed_at
FROM credit_assessments WHERE code = ?`), a.Code).Scan(&old.RegistryClass, &old.Class, &old.Rule,
		&at)
	switch {
	case err == nil:
		old.Code = a.Code
		old.AssessedAt, _ = parseTime(at)
		before = &old
	case !isNoRows(err):
		return fmt.Errorf("credit assessment of %s: %w", a.Code, err)
	}
	_, err = t.exec(ctx, `INSERT INTO credit_assessments (code, registry_class, class, rule,
assessed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET
registry_class = excluded.registry_class, class = excluded.class, rule = excluded.rule,
assessed_at = excluded.assessed_at`, a.Code, a.RegistryClass, a.Class, a.Rule,
		formatTime(a.AssessedAt))
	if err != nil {
		return fmt.Errorf("credit assessment of %s: %w", a.Code, err)
	}
	if err := t.Audit(ctx, "credit.assess", "entity/"+a.Code, before, a); err != nil {
		return err
	}
	var (
		class    string
		abnormal int
		r        Risk
	)
	err = t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT risk_class, abnormal, complaints
FROM entities WHERE code = ?`), a.Code).Scan(&class, &abnormal, &r.Complaints)
	if err != nil {
		return notFound(err, "no business with code %s", a.Code)
	}
	if class == a.Class {
		return nil
	}
	r.Class, r.Abnormal = a.Class, abnormal != 0
	return t.SetRisk(ctx, a.Code, r)
}

// CreditClasses counts the businesses of the directory per risk class
// ("" for unrated), for the dashboard.
func (s *Store) CreditClasses(ctx context.Context) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT risk_class, COUNT(*) FROM entities GROUP BY risk_class`)
	if err != nil {
		return nil, fmt.Errorf("risk classes: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var (
			c string
			n int
		)
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}

// EntitiesWithRecord returns the codes of businesses with a published
// result or a published penalty, for re-assessing every business.
func (s *Store) EntitiesWithRecord(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, `SELECT r.entity_code FROM results r JOIN tasks t ON t.id = r.task_id
WHERE t.state = ? UNION SELECT entity_code FROM penalties WHERE published_at <> ''
UNION SELECT code FROM credit_assessments ORDER BY 1`,
		string(doublerandom.TaskPublished))
	if err != nil {
		return nil, fmt.Errorf("businesses with a record: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
