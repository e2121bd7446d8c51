package doublerandom

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// ItemList is one version of a department's item list (抽查事项清单, SPEC R1).
// Laws change, so the list is adjusted over time: every import or edit
// makes a new version, numbered 1, 2, ... per department, and every past
// version stays readable. Publishing a version (step 1 of Art. 15) is a step
// of its own; a version is published when a publication of the department's
// list carries its SHA-256.
type ItemList struct {
	ID      int64
	Dept    string
	Version int
	// Effective is the day the version takes effect, as its publication
	// notice states.
	Effective time.Time
	Source    string // the imported file's name, or "edit"
	Note      string // why the list changed
	Items     int
	// SHA256 is ItemListSHA256 of the version's items.
	SHA256    string
	CreatedBy string
	CreatedAt time.Time
	// PublishedAt is the first publication of the version, zero when it was
	// never published; PublishedBy who published it.
	PublishedAt time.Time
	PublishedBy string
}

// Published reports whether the version has been published.
func (l *ItemList) Published() bool { return !l.PublishedAt.IsZero() }

// ItemListSHA256 returns the SHA-256 of items in canonical form: each item
// encoded as one JSON object (encoding/json, fields in declaration order,
// each followed by a newline), in list order. A publication of a list
// records this hash, so a later change to the list is visible; it is the
// hash workflow computes over the department's current list.
func ItemListSHA256(items []Item) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, it := range items {
		// Item holds only strings, integers and booleans: encoding cannot fail.
		_ = enc.Encode(it)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ItemKey identifies an item across the versions of its department's list:
// its name and sub-item. Numbers are not part of it, because a new version
// may renumber the items.
func ItemKey(it Item) string { return it.Name + "\x1f" + it.SubItem }

// Change kinds of an item between two versions.
const (
	ItemAdded   = "added"
	ItemRemoved = "removed"
	ItemChanged = "changed"
)

// ItemChange is one difference between two versions of an item list.
type ItemChange struct {
	Kind   string // ItemAdded, ItemRemoved or ItemChanged
	Before *Item  // nil when added
	After  *Item  // nil when removed
	// Fields names the fields that changed (the column names of the
	// published list, e.g. "抽查依据"), for ItemChanged.
	Fields []string
}

// itemFields are the compared fields of an item with their column names.
var itemFields = []struct {
	name string
	get  func(*Item) string
}{
	{"编号", func(it *Item) string { return it.Number }},
	{"抽查依据", func(it *Item) string { return it.Basis }},
	{"抽查主体", func(it *Item) string { return it.Subject }},
	{"抽查对象", func(it *Item) string { return it.ObjectType }},
	{"抽查比例", func(it *Item) string { return it.RatioText }},
	{"抽查频次", func(it *Item) string { return it.Frequency }},
	{"抽查方式", func(it *Item) string { return it.Method }},
	{"检查人员要求", func(it *Item) string { return it.Requirement }},
	{"备注", func(it *Item) string { return it.Note }},
	{"是否涉及民生/安全", func(it *Item) string {
		if it.Livelihood {
			return "是"
		}
		return "否"
	}},
}

// DiffItems returns what changed from list a to list b, items matched by
// ItemKey: first the items of a removed or changed, in a's order, then the
// items added, in b's order. Identical items are left out.
func DiffItems(a, b []Item) []ItemChange {
	inB := make(map[string]int, len(b))
	for i, it := range b {
		inB[ItemKey(it)] = i
	}
	inA := make(map[string]bool, len(a))
	var out []ItemChange
	for i := range a {
		before := &a[i]
		inA[ItemKey(*before)] = true
		j, ok := inB[ItemKey(*before)]
		if !ok {
			out = append(out, ItemChange{Kind: ItemRemoved, Before: before})
			continue
		}
		after := &b[j]
		var fields []string
		for _, f := range itemFields {
			if f.get(before) != f.get(after) {
				fields = append(fields, f.name)
			}
		}
		if len(fields) > 0 {
			out = append(out, ItemChange{Kind: ItemChanged, Before: before, After: after,
				Fields: fields})
		}
	}
	for j := range b {
		if !inA[ItemKey(b[j])] {
			out = append(out, ItemChange{Kind: ItemAdded, After: &b[j]})
		}
	}
	return out
}
