package importer

import "testing"

func TestDupIndex(t *testing.T) {
	d := newDupIndex()
	keys := []string{
		"1", "01", "10", "A", "0A", "", "91350100M000100Y43", "91350100M000100Y4",
		"330106000349996", "3301060003499960", "不能打包的键", "a",
	}
	for i, k := range keys {
		if first := d.add(k, i+2); first != 0 {
			t.Errorf("%q is new but reported as first seen on row %d", k, first)
		}
	}
	for i, k := range keys {
		if first := d.add(k, 100); first != i+2 {
			t.Errorf("%q seen again: first row %d, want %d", k, first, i+2)
		}
	}
}

func TestPack(t *testing.T) {
	for _, k := range []string{"0123456789ABCDEFGH", "ZZZZZZZZZZZZZZZZZZ", "9"} {
		if _, ok := pack(k); !ok {
			t.Errorf("pack(%q) refused", k)
		}
	}
	for _, k := range []string{"0123456789ABCDEFGHJ", "91350100m000100Y43", "-"} {
		if _, ok := pack(k); ok {
			t.Errorf("pack(%q) accepted", k)
		}
	}
	seen := map[[2]uint64]string{}
	for _, k := range []string{"", "0", "00", "000000000", "0000000000", "1", "01", "001"} {
		p, _ := pack(k)
		if other, ok := seen[p]; ok {
			t.Errorf("%q and %q pack alike", k, other)
		}
		seen[p] = k
	}
}
