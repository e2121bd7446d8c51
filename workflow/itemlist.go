package workflow

import (
	"context"
	"fmt"

	"doublerandom"
	"doublerandom/store"
)

// PublishItemVersion publishes version of a department's item list, the
// event of step 1 of Art. 15 (SPEC R8, "list published"): in one
// transaction it records the publication (store.Tx.PublishItemList, whose
// SHA-256 is the version's, so that the version becomes the department's
// current list and detect finds the step done for as long as it stays
// current) and completes step 1 of the current year with the reference
// "list/ID". PublishList, which publishes the list as it stands, is this
// method for the current version when the department keeps versions.
//
// A version is published once and never after a newer one; an unknown
// version is a not-found error.
func (s *Service) PublishItemVersion(ctx context.Context, dept string,
	version int) (*doublerandom.ListPublication, error) {
	if err := s.checkDepts(ctx, []string{dept}); err != nil {
		return nil, err
	}
	var p *doublerandom.ListPublication
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = tx.PublishItemList(ctx, dept, version, s.now()); err != nil {
			return err
		}
		return s.completeSteps(ctx, tx, []string{dept}, s.today().Year(), doublerandom.StepList,
			fmt.Sprintf("list/%d", p.ID))
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("item list version published", "dept", dept, "version", version,
		"items", p.Items, "sha256", p.SHA256)
	return p, nil
}

// EditItemList makes a new version of a department's item list from the
// current one changed by edit, effective on the day given in l (Dept,
// Effective and Note are used), and returns it. Every item goes through
// derive (importer.Derive: specialty, ratio and frequency read from the
// text) before it is stored. The new version is not published.
func (s *Service) EditItemList(ctx context.Context, l doublerandom.ItemList,
	derive func(*doublerandom.Item),
	edit func(items []doublerandom.Item) ([]doublerandom.Item, error)) (*doublerandom.ItemList,
	error) {
	if err := s.checkDepts(ctx, []string{l.Dept}); err != nil {
		return nil, err
	}
	cur, err := s.Store.Items(ctx, l.Dept)
	if err != nil {
		return nil, err
	}
	items, err := edit(cur)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Dept = l.Dept
		if derive != nil {
			derive(&items[i])
		}
	}
	var out *doublerandom.ItemList
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		out, err = tx.AddItemList(ctx, l, items)
		return err
	})
	return out, err
}

// ItemListDiff returns versions from and to of a department's item list and
// what changed between them (doublerandom.DiffItems). With published set,
// both versions must have been published, as the public may compare only
// those; an unpublished one is then not found.
func (s *Service) ItemListDiff(ctx context.Context, dept string, from, to int,
	published bool) (a, b *doublerandom.ItemList, changes []doublerandom.ItemChange, err error) {
	var lists [2]*doublerandom.ItemList
	var items [2][]doublerandom.Item
	for i, v := range []int{from, to} {
		if v <= 0 {
			return nil, nil, nil, doublerandom.Errorf(doublerandom.EINVALID,
				"choose the two versions to compare: %d is not a version number", v)
		}
		if lists[i], items[i], err = s.Store.ItemList(ctx, dept, v); err != nil {
			return nil, nil, nil, err
		}
		if published && !lists[i].Published() {
			return nil, nil, nil, doublerandom.Errorf(doublerandom.ENOTFOUND,
				"version %d of %s's item list is not published", v, dept)
		}
	}
	return lists[0], lists[1], doublerandom.DiffItems(items[0], items[1]), nil
}
