package importer

import (
	"io"
	"strings"

	"doublerandom"
)

// Fields of an item list file, in the order of itemSchema.
const (
	itemNumber = iota
	itemName
	itemSub
	itemBasis
	itemSubject
	itemObject
	itemRatio
	itemFrequency
	itemMethod
	itemRequirement
	itemNote
	itemLivelihood
)

var itemSchema = newSchema("item list", []field{
	itemNumber:      {key: "number", names: []string{"编号", "序号", "事项编号"}},
	itemName:        {key: "name", required: true, names: []string{"抽查事项名称", "事项名称", "抽查事项"}},
	itemSub:         {key: "sub_item", names: []string{"抽查子项", "子项", "子项名称"}},
	itemBasis:       {key: "basis", names: []string{"抽查依据", "依据", "法律依据"}},
	itemSubject:     {key: "subject", names: []string{"抽查主体", "实施主体"}},
	itemObject:      {key: "object", names: []string{"抽查对象", "检查对象"}},
	itemRatio:       {key: "ratio", names: []string{"抽查比例"}},
	itemFrequency:   {key: "frequency", names: []string{"抽查频次"}},
	itemMethod:      {key: "method", names: []string{"抽查方式", "检查方式"}},
	itemRequirement: {key: "requirement", names: []string{"检查人员要求"}},
	itemNote:        {key: "note", names: []string{"备注"}},
	itemLivelihood: {key: "livelihood", names: []string{
		"是否涉及民生/安全", "是否涉及民生安全", "涉及民生/安全", "涉及民生安全", "民生/安全"}},
})

// Items reads an item list (抽查事项清单) and calls emit for every valid row
// in file order; an item with sub-items gives one Item per sub-item, each
// with the item's number.
//
// Rules:
//   - A row with neither number nor name continues the item above it, as
//     rows under vertically merged cells do: its empty cells, except
//     sub-item and note, are taken from the row above.
//   - Specialty comes from 检查人员要求: empty, "无" or text starting with
//     "无需" (no special qualification) gives ""; "需专业岗位资格" (a
//     qualification for this kind of work) gives the item's name; any other
//     text is the specialty as written.
//   - Livelihood is read from an optional column 是否涉及民生/安全 (是/否);
//     without that column, no item is exempt from the twice-a-year cap.
//   - The same number, name and sub-item twice is an error naming the
//     first row.
func Items(r io.Reader, name string, opt Options,
	emit func(row int, it doublerandom.Item) error) (*Report, error) {
	seen := newDupIndex()
	var prev doublerandom.Item
	parse := func(rc *rowContext) doublerandom.Item {
		it := doublerandom.Item{
			Dept:        opt.Dept,
			Number:      rc.get(itemNumber),
			Name:        rc.get(itemName),
			SubItem:     rc.get(itemSub),
			Basis:       rc.get(itemBasis),
			Subject:     rc.get(itemSubject),
			ObjectType:  rc.get(itemObject),
			RatioText:   rc.get(itemRatio),
			Frequency:   rc.get(itemFrequency),
			Method:      rc.get(itemMethod),
			Requirement: rc.get(itemRequirement),
			Note:        rc.get(itemNote),
			Livelihood:  yesNo(rc, itemLivelihood),
		}
		if it.Number == "" && it.Name == "" && prev.Name != "" {
			continueItem(&it, prev)
		}
		if it.Name == "" {
			rc.required(itemName)
			return it
		}
		prev = it

		Derive(&it)
		key := it.Number + "\x00" + it.Name + "\x00" + it.SubItem
		if first := seen.add(key, rc.row); first > 0 {
			rc.fail(itemName, it.Name, "the same item (number %q, sub-item %q) is already "+
				"on row %d", it.Number, it.SubItem, first)
		}
		return it
	}
	return importRows(r, name, itemSchema, opt, parse, emit)
}

// continueItem fills the empty item-level fields of it from prev, the item
// whose merged cells it sits under.
func continueItem(it *doublerandom.Item, prev doublerandom.Item) {
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&it.Number, prev.Number)
	fill(&it.Name, prev.Name)
	fill(&it.Basis, prev.Basis)
	fill(&it.Subject, prev.Subject)
	fill(&it.ObjectType, prev.ObjectType)
	fill(&it.RatioText, prev.RatioText)
	fill(&it.Frequency, prev.Frequency)
	fill(&it.Method, prev.Method)
	fill(&it.Requirement, prev.Requirement)
	if !it.Livelihood {
		it.Livelihood = prev.Livelihood
	}
}

// specialty derives the specialty an inspector needs for an item from its
// 检查人员要求 text.
func specialty(requirement, itemName string) string {
	r := compact(requirement)
	switch {
	case r == "" || r == "无" || strings.HasPrefix(r, "无需") || strings.HasPrefix(r, "不需"):
		return ""
	case r == "需专业岗位资格" || r == "需要专业岗位资格":
		return itemName
	}
	return requirement
}
