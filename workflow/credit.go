package workflow

import (
	"context"
	"fmt"

	"doublerandom"
	"doublerandom/credit"
	"doublerandom/store"
)

// UpdateCredit re-assesses the given businesses (every business with a
// published record when codes is nil) by the published credit rules and
// sets their risk class, which the next stratified draws sample by (SPEC
// R19, R7). It returns how many businesses changed class.
func (s *Service) UpdateCredit(ctx context.Context, codes []string) (int, error) {
	if codes == nil {
		var err error
		if codes, err = s.Store.EntitiesWithRecord(ctx); err != nil {
			return 0, err
		}
	}
	now := s.now()
	changed := 0
	for _, code := range codes {
		c, err := s.assess(ctx, code)
		if err != nil {
			return changed, err
		}
		e, err := s.Store.Entity(ctx, code)
		if err != nil {
			return changed, err
		}
		prev, err := s.Store.CreditAssessment(ctx, code)
		registry := e.RiskClass
		switch {
		case err == nil:
			registry = prev.RegistryClass
		case doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND:
			return changed, err
		}
		a := store.CreditAssessment{Code: code, RegistryClass: registry,
			Class: c.Class(registry), Rule: c.Rule.ID, AssessedAt: now}
		if prev != nil && prev.Class == a.Class && prev.Rule == a.Rule &&
			prev.RegistryClass == registry && e.RiskClass == a.Class {
			continue
		}
		if e.RiskClass != a.Class {
			changed++
		}
		if err := s.Store.InTx(ctx, func(tx *store.Tx) error {
			return tx.PutCreditAssessment(ctx, a)
		}); err != nil {
			return changed, fmt.Errorf("credit of %s: %w", code, err)
		}
	}
	if changed > 0 {
		s.Logger.Info("risk classes updated from published records", "changed", changed)
	}
	return changed, nil
}

// Assess returns the credit assessment of one business from its published
// results and penalties, for display.
func (s *Service) Assess(ctx context.Context, code string) (credit.Assessment, error) {
	return s.assess(ctx, code)
}

func (s *Service) assess(ctx context.Context, code string) (credit.Assessment, error) {
	rs, err := s.Store.PublishedResults(ctx, code)
	if err != nil {
		return credit.Assessment{}, err
	}
	ps, err := s.Store.Penalties(ctx, store.PenaltyFilter{EntityCode: code, Published: true})
	if err != nil {
		return credit.Assessment{}, err
	}
	return credit.Assess(rs, ps, s.now()), nil
}
