package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"doublerandom"
)

// Item lists are versioned (SPEC R1). The items table holds one row per item
// of a department, identified across versions by doublerandom.ItemKey, with
// the content of the latest version it appeared in; item ids are stable, so
// plans and tasks keep pointing at the same item through new versions. Each
// version (item_lists) keeps a full copy of its items (item_list_entries),
// so every past version reads as it was. A version is published when a
// publication of the department's list (list_publications, step 1 of
// Art. 15) carries its SHA-256.

const entryColumns = `number, name, sub_item, basis, subject, object_type, ratio_text,
frequency, method, requirement, specialty, note, livelihood, ratio, per_year`

// AddItemList stores a new version of a department's item list, edited by
// hand, and audits it. l.Dept, l.Effective and l.Note are used; the
// version number, counts and hash are filled in.
func (t *Tx) AddItemList(ctx context.Context, l doublerandom.ItemList,
	items []doublerandom.Item) (*doublerandom.ItemList, error) {
	if l.Source == "" {
		l.Source = "edit"
	}
	out, err := t.addItemList(ctx, &l, items, nil)
	if err != nil {
		return nil, err
	}
	return out, t.Audit(ctx, "itemlist.add", fmt.Sprintf("itemlist/%s/%d", l.Dept, l.Version),
		nil, map[string]any{"version": l.Version, "effective": formatDate(l.Effective),
			"items": l.Items, "sha256": l.SHA256, "note": l.Note, "source": l.Source})
}

// AddItemList stores the items read from the import's file as a new version
// of the department's list, effective on l.Effective. rows holds the file
// row of each item, for refusals: an item whose name and sub-item repeat an
// earlier row's is refused. The version is stored even when rows were
// refused; the caller rolls the transaction back for a strict import.
func (im *Import) AddItemList(ctx context.Context, l doublerandom.ItemList,
	items []doublerandom.Item, rows []int) (*doublerandom.ItemList, error) {
	l.Dept, l.Source = im.file.Dept, im.file.File
	return im.tx.addItemList(ctx, &l, items, func(i int, first int) {
		im.refuse(rows[i], "name", items[i].Name, "the same item (name and sub-item %q) "+
			"is already on row %d", items[i].SubItem, rows[first])
	})
}

// addItemList stores a version. dup is told about each item that repeats an
// earlier one's key, by index; nil makes that an error.
func (t *Tx) addItemList(ctx context.Context, l *doublerandom.ItemList, items []doublerandom.Item,
	dup func(i, first int)) (*doublerandom.ItemList, error) {
	if l.Effective.IsZero() {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the item list of %s needs the day it takes effect", l.Dept)
	}
	if err := t.checkDept(ctx, l.Dept); err != nil {
		return nil, err
	}
	ids, err := t.itemIDs(ctx, l.Dept)
	if err != nil {
		return nil, err
	}
	var kept []doublerandom.Item
	first := map[string]int{}
	for i, it := range items {
		key := doublerandom.ItemKey(it)
		if j, ok := first[key]; ok {
			if dup == nil {
				return nil, doublerandom.Errorf(doublerandom.EINVALID, "item %q (sub-item %q) "+
					"is on the list twice", it.Name, it.SubItem)
			}
			dup(i, j)
			continue
		}
		first[key] = i
		it.Dept = l.Dept
		if it.ID, err = t.putItem(ctx, it, ids[key]); err != nil {
			return nil, err
		}
		kept = append(kept, it)
	}
	if len(kept) == 0 {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the item list of %s would be empty", l.Dept)
	}

	err = t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT COALESCE(MAX(version), 0) + 1
FROM item_lists WHERE dept = ?`), l.Dept).Scan(&l.Version)
	if err != nil {
		return nil, fmt.Errorf("item list of %s: %w", l.Dept, err)
	}
	l.Items, l.SHA256 = len(kept), doublerandom.ItemListSHA256(kept)
	l.CreatedBy, l.CreatedAt = doublerandom.ActorFrom(ctx).ID, time.Now().UTC()
	err = t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO item_lists (dept, version, effective,
source, note, items, sha256, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`), l.Dept, l.Version, formatDate(l.Effective), l.Source, l.Note, l.Items, l.SHA256,
		l.CreatedBy, formatStamp(l.CreatedAt)).Scan(&l.ID)
	if err != nil {
		return nil, fmt.Errorf("item list of %s: %w", l.Dept, err)
	}
	for i, it := range kept {
		_, err := t.exec(ctx, `INSERT INTO item_list_entries (list_id, position, item_id, `+
			entryColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			l.ID, i+1, it.ID, it.Number, it.Name, it.SubItem, it.Basis, it.Subject, it.ObjectType,
			it.RatioText, it.Frequency, it.Method, it.Requirement, it.Specialty, it.Note,
			boolInt(it.Livelihood), it.Ratio, it.PerYear)
		if err != nil {
			return nil, fmt.Errorf("item list of %s: item %s: %w", l.Dept, it.Name, err)
		}
	}
	return l, nil
}

// itemIDs maps the keys of a department's items to their ids.
func (t *Tx) itemIDs(ctx context.Context, dept string) (map[string]int64, error) {
	rows, err := t.tx.QueryContext(ctx, t.s.rebind(`SELECT id, name, sub_item FROM items
WHERE dept = ? ORDER BY id`), dept)
	if err != nil {
		return nil, fmt.Errorf("items of %s: %w", dept, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var it doublerandom.Item
		if err := rows.Scan(&it.ID, &it.Name, &it.SubItem); err != nil {
			return nil, err
		}
		if _, ok := out[doublerandom.ItemKey(it)]; !ok {
			out[doublerandom.ItemKey(it)] = it.ID
		}
	}
	return out, rows.Err()
}

// putItem writes the content of it into its items row, id, or a new row
// when id is 0, and returns the row's id.
func (t *Tx) putItem(ctx context.Context, it doublerandom.Item, id int64) (int64, error) {
	if id == 0 {
		return t.addItemRow(ctx, it)
	}
	_, err := t.exec(ctx, `UPDATE items SET number = ?, basis = ?, subject = ?, object_type = ?,
ratio_text = ?, frequency = ?, method = ?, requirement = ?, specialty = ?, note = ?,
livelihood = ?, ratio = ?, per_year = ? WHERE id = ?`, it.Number, it.Basis, it.Subject,
		it.ObjectType, it.RatioText, it.Frequency, it.Method, it.Requirement, it.Specialty,
		it.Note, boolInt(it.Livelihood), it.Ratio, it.PerYear, id)
	if err != nil {
		return 0, fmt.Errorf("item %s: %w", it.Name, err)
	}
	return id, nil
}

// PublishItemList publishes version of a department's item list: step 1 of
// Art. 15 (SPEC R8, "list published"). It records a publication of the
// department's list (Tx.AddListPublication, audited "list.publish") whose
// SHA-256 is the version's, which makes the version the department's
// current list. A version is published once, and never after a newer one.
//
// Completing the step of the year is the workflow's part: see
// workflow.Service.PublishItemVersion, which calls this method.
func (t *Tx) PublishItemList(ctx context.Context, dept string, version int,
	at time.Time) (*doublerandom.ListPublication, error) {
	lists, err := t.s.ItemLists(ctx, dept)
	if err != nil {
		return nil, err
	}
	var l *doublerandom.ItemList
	for i := range lists {
		switch {
		case lists[i].Version == version:
			l = &lists[i]
		case lists[i].Version > version && lists[i].Published():
			return nil, doublerandom.Errorf(doublerandom.ECONFLICT, "version %d of %s's item "+
				"list is already published; publish a version newer than it", lists[i].Version,
				dept)
		}
	}
	if l == nil {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND,
			"%s's item list has no version %d", dept, version)
	}
	if l.Published() {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"version %d of %s's item list was published on %s", version, dept,
			l.PublishedAt.Format(doublerandom.DateLayout))
	}
	p := doublerandom.ListPublication{Dept: dept, Items: l.Items, SHA256: l.SHA256,
		PublishedBy: doublerandom.ActorFrom(ctx).ID, PublishedAt: at.UTC()}
	if p.ID, err = t.AddListPublication(ctx, p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ItemLists returns the versions of a department's item list, newest first,
// with their publication.
func (s *Store) ItemLists(ctx context.Context, dept string) ([]doublerandom.ItemList, error) {
	rows, err := s.query(ctx, `SELECT id, dept, version, effective, source, note, items, sha256,
created_by, created_at FROM item_lists WHERE dept = ? ORDER BY version DESC`, dept)
	if err != nil {
		return nil, fmt.Errorf("item lists of %s: %w", dept, err)
	}
	defer rows.Close()
	var out []doublerandom.ItemList
	for rows.Next() {
		var (
			l             doublerandom.ItemList
			effective, at string
		)
		if err := rows.Scan(&l.ID, &l.Dept, &l.Version, &effective, &l.Source, &l.Note, &l.Items,
			&l.SHA256, &l.CreatedBy, &at); err != nil {
			return nil, fmt.Errorf("scan item list: %w", err)
		}
		if l.Effective, err = parseDate(effective); err != nil {
			return nil, err
		}
		if l.CreatedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	pubs, err := s.ListPublications(ctx, dept)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, p := range pubs { // newest first: the last match is the first publication
			if p.SHA256 == out[i].SHA256 {
				out[i].PublishedAt, out[i].PublishedBy = p.PublishedAt, p.PublishedBy
			}
		}
	}
	return out, nil
}

// currentList picks a department's current version from lists (newest
// first): the newest published one, else the newest. It returns nil when
// there is no version.
func currentList(lists []doublerandom.ItemList) *doublerandom.ItemList {
	for i := range lists {
		if lists[i].Published() {
			return &lists[i]
		}
	}
	if len(lists) > 0 {
		return &lists[0]
	}
	return nil
}

// ItemList returns version of a department's item list and its items;
// version 0 means the current one (Store.Items).
func (s *Store) ItemList(ctx context.Context, dept string,
	version int) (*doublerandom.ItemList, []doublerandom.Item, error) {
	lists, err := s.ItemLists(ctx, dept)
	if err != nil {
		return nil, nil, err
	}
	l := currentList(lists)
	for i := range lists {
		if lists[i].Version == version {
			l = &lists[i]
		}
	}
	if l == nil || (version != 0 && l.Version != version) {
		return nil, nil, doublerandom.Errorf(doublerandom.ENOTFOUND,
			"%s's item list has no version %d", dept, version)
	}
	items, err := s.listItems(ctx, []int64{l.ID}, "")
	return l, items, err
}

// PublishedItemList returns a department's current published version and
// its items, what the public portal shows; a department that never
// published its list is a not-found error.
func (s *Store) PublishedItemList(ctx context.Context,
	dept string) (*doublerandom.ItemList, []doublerandom.Item, error) {
	lists, err := s.ItemLists(ctx, dept)
	if err != nil {
		return nil, nil, err
	}
	for i := range lists {
		if lists[i].Published() {
			items, err := s.listItems(ctx, []int64{lists[i].ID}, "")
			return &lists[i], items, err
		}
	}
	return nil, nil, doublerandom.Errorf(doublerandom.ENOTFOUND,
		"%s has not published its item list", dept)
}

// listItems returns the items of the versions ids, in list order, and the
// items of departments without versions (added by Tx.AddItem) when
// legacyDept is not "-": all such departments' for "", one for a code.
func (s *Store) listItems(ctx context.Context, ids []int64, legacyDept string) (
	[]doublerandom.Item, error) {
	var (
		parts []string
		args  []any
	)
	if len(ids) > 0 {
		in := marks(len(ids))
		parts = append(parts, `SELECT e.item_id, l.dept, `+prefixed("e.", entryColumns)+
			`, e.position FROM item_list_entries e JOIN item_lists l ON l.id = e.list_id
WHERE e.list_id IN (`+in+`)`)
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if legacyDept != "-" {
		q := `SELECT id, dept, ` + entryColumns + `, id FROM items i
WHERE NOT EXISTS (SELECT 1 FROM item_lists l WHERE l.dept = i.dept)`
		if legacyDept != "" {
			q, args = q+` AND dept = ?`, append(args, legacyDept)
		}
		parts = append(parts, q)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := s.query(ctx, strings.Join(parts, "\nUNION ALL\n")+` ORDER BY 2, 18`, args...)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	return scanItems(rows)
}

// prefixed puts p before every column of a comma-separated list.
func prefixed(p, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// currentListIDs returns the id of the current version of each department
// that has versions, or of dept alone when it is not "".
func (s *Store) currentListIDs(ctx context.Context, dept string) ([]int64, error) {
	depts := []string{dept}
	if dept == "" {
		rows, err := s.query(ctx, `SELECT DISTINCT dept FROM item_lists ORDER BY dept`)
		if err != nil {
			return nil, fmt.Errorf("item lists: %w", err)
		}
		depts = depts[:0]
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return nil, err
			}
			depts = append(depts, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var ids []int64
	for _, d := range depts {
		lists, err := s.ItemLists(ctx, d)
		if err != nil {
			return nil, err
		}
		if l := currentList(lists); l != nil {
			ids = append(ids, l.ID)
		}
	}
	return ids, nil
}

// ItemsByID returns the items with the given ids whatever version they were
// last on, with the content of that version: a task keeps its items when a
// later version drops one. Unknown ids are left out.
func (s *Store) ItemsByID(ctx context.Context, ids []int64) ([]doublerandom.Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT id, dept, `+entryColumns+`, id FROM items WHERE id IN (`+
		marks(len(ids))+`) ORDER BY dept, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	return scanItems(rows)
}

// scanItems reads rows of an item's id, department and entryColumns,
// followed by a sort key.
func scanItems(rows *sql.Rows) ([]doublerandom.Item, error) {
	defer rows.Close()
	var out []doublerandom.Item
	for rows.Next() {
		var (
			it      doublerandom.Item
			lh, ord int64
		)
		if err := rows.Scan(&it.ID, &it.Dept, &it.Number, &it.Name, &it.SubItem, &it.Basis,
			&it.Subject, &it.ObjectType, &it.RatioText, &it.Frequency, &it.Method,
			&it.Requirement, &it.Specialty, &it.Note, &lh, &it.Ratio, &it.PerYear,
			&ord); err != nil {
			return nil, fmt.Errorf("scan item: %w", err)
		}
		it.Livelihood = lh != 0
		out = append(out, it)
	}
	return out, rows.Err()
}

// addItemRow inserts an item row and returns its id.
func (t *Tx) addItemRow(ctx context.Context, it doublerandom.Item) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO items (dept, `+entryColumns+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		it.Dept, it.Number, it.Name, it.SubItem, it.Basis, it.Subject, it.ObjectType, it.RatioText,
		it.Frequency, it.Method, it.Requirement, it.Specialty, it.Note, boolInt(it.Livelihood),
		it.Ratio, it.PerYear).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add item %s %s: %w", it.Number, it.Name, err)
	}
	return id, nil
}
