package importer

import "hash/maphash"

// dupIndex remembers on which row each key of a file was first seen. A key
// of up to 18 digits and capital letters, as every checked business code
// is, is packed into 16 bytes without loss; any other key is stored as a
// 128-bit hash, which two different keys share with a chance below 10^-24
// even for ten million rows.
type dupIndex struct {
	seeds [2]maphash.Seed
	rows  map[[2]uint64]int32
}

func newDupIndex() *dupIndex {
	return &dupIndex{
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		rows:  map[[2]uint64]int32{},
	}
}

// add records key on row and returns the row it was first seen on, or 0.
func (d *dupIndex) add(key string, row int) int {
	k, ok := pack(key)
	if !ok {
		// Hashed keys have the top bit clear, packed keys set: they never meet.
		k = [2]uint64{maphash.String(d.seeds[0], key) >> 1, maphash.String(d.seeds[1], key)}
	}
	if first, ok := d.rows[k]; ok {
		return int(first)
	}
	d.rows[k] = int32(min(row, 1<<31-1))
	return 0
}

// pack encodes a key of at most 18 characters from 0-9 and A-Z into two
// words: the first 9 characters in base 37 in the first word (with its top
// bit set), the other 9 in the second. 37^9 < 2^47, and the digit 0 stands
// for "no character", so different keys never pack alike.
func pack(key string) ([2]uint64, bool) {
	if len(key) > 18 {
		return [2]uint64{}, false
	}
	var w [2]uint64
	for i := range 18 {
		v := uint64(0)
		if i < len(key) {
			switch c := key[i]; {
			case c >= '0' && c <= '9':
				v = uint64(c-'0') + 1
			case c >= 'A' && c <= 'Z':
				v = uint64(c-'A') + 11
			default:
				return [2]uint64{}, false
			}
		}
		w[i/9] = w[i/9]*37 + v
	}
	w[0] |= 1 << 63
	return w, true
}
