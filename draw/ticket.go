package draw

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math/bits"
)

// pow19 is 10^19, the largest power of ten below 2^64.
const pow19 uint64 = 10_000_000_000_000_000_000

// minDigits is the least number of decimal digits of x written in a ticket.
const minDigits = 64

// Ticket returns the full-precision ticket "0.<digits>" of id under seed, as
// Rivest's consistent_sampler computes it: s is the lowercase hex SHA-256 of
// the UTF-8 seed, x is SHA-256 of the UTF-8 text s+id read as a big-endian
// 256-bit integer, and the digits are the decimal expansion of x, padded
// with leading zeros to at least 64 digits, in reverse order.
func Ticket(seed, id string) string {
	t := newTicketer(seed)
	return t.ticket(id)
}

// SeedHash returns the lowercase hex SHA-256 of the UTF-8 seed text: the
// prefix hashed with every id to make its ticket.
func SeedHash(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(sum[:])
}

// ticketer hashes ids under one seed. The hex seed hash is exactly one
// SHA-256 block, so the hash state after it is computed once and restored
// for every id. A ticketer is not safe for concurrent use.
type ticketer struct {
	prefix string
	h      hash.Hash
	state  []byte // marshalled state after the prefix; nil when unavailable
	// fast is set when the one-block path below gives the same hashes as
	// crypto/sha256 on this Go version; it is checked when t is made.
	fast  blockHasher
	block [sha256.BlockSize]byte
	out   []byte
	buf   []byte
	sum   [sha256.Size]byte
}

// blockHasher is the part of crypto/sha256's digest the fast path uses.
type blockHasher interface {
	encoding.BinaryUnmarshaler
	encoding.BinaryAppender
	Write([]byte) (int, error)
}

// maxFastID is the longest id whose padded tail fits in one block.
const maxFastID = sha256.BlockSize - 9

// sha256Magic starts the marshalled state of a crypto/sha256 digest, which
// is followed by the eight 32-bit chaining words, big-endian.
const sha256Magic = "sha\x03"

func newTicketer(seed string) *ticketer {
	t := &ticketer{prefix: SeedHash(seed), h: sha256.New()}
	t.h.Write([]byte(t.prefix))
	m, ok := t.h.(encoding.BinaryMarshaler)
	if !ok {
		return t
	}
	st, err := m.MarshalBinary()
	if err != nil {
		return t
	}
	t.state = st
	if bh, ok := t.h.(blockHasher); ok {
		t.fast = bh
		const probe = "91411303010J4H3Y7R"
		if *t.hash(probe) != sha256.Sum256([]byte(t.prefix+probe)) {
			t.fast = nil
		}
	}
	return t
}

// hash returns SHA-256(prefix + id) in t.sum.
func (t *ticketer) hash(id string) *[sha256.Size]byte {
	if t.fast != nil && len(id) <= maxFastID && t.hashFast(id) {
		return &t.sum
	}
	u, ok := t.h.(encoding.BinaryUnmarshaler)
	if t.state == nil || !ok || u.UnmarshalBinary(t.state) != nil {
		t.buf = append(append(t.buf[:0], t.prefix...), id...)
		t.sum = sha256.Sum256(t.buf)
		return &t.sum
	}
	t.buf = append(t.buf[:0], id...)
	t.h.Write(t.buf)
	t.h.Sum(t.sum[:0])
	return &t.sum
}

// hashFast pads id into the final block itself, compresses it onto the
// saved state, and reads the chaining words, which after the last block are
// the hash, from the marshalled state. This skips the copying and padding
// of Sum; it reports false if the state does not look as expected.
func (t *ticketer) hashFast(id string) bool {
	if t.fast.UnmarshalBinary(t.state) != nil {
		return false
	}
	n := copy(t.block[:], id)
	t.block[n] = 0x80
	clear(t.block[n+1 : sha256.BlockSize-8])
	binary.BigEndian.PutUint64(t.block[sha256.BlockSize-8:], uint64(len(t.prefix)+n)*8)
	t.fast.Write(t.block[:])
	out, err := t.fast.AppendBinary(t.out[:0])
	t.out = out
	if err != nil || len(out) < len(sha256Magic)+sha256.Size ||
		string(out[:len(sha256Magic)]) != sha256Magic {
		return false
	}
	copy(t.sum[:], out[len(sha256Magic):])
	return true
}

// key returns the first 19 digits of id's ticket as an integer: ordering by
// key orders tickets, except that equal keys need the full ticket.
func (t *ticketer) key(id string) uint64 {
	return sumKey(t.hash(id))
}

// ticket returns the full ticket string of id.
func (t *ticketer) ticket(id string) string {
	return sumTicket(t.hash(id))
}

// appendTicket appends the full ticket of id to b.
func (t *ticketer) appendTicket(b []byte, id string) []byte {
	return appendTicket(b, t.hash(id))
}

// limbs splits a SHA-256 sum into four 64-bit words, most significant first.
func limbs(sum *[sha256.Size]byte) [4]uint64 {
	return [4]uint64{
		binary.BigEndian.Uint64(sum[0:8]),
		binary.BigEndian.Uint64(sum[8:16]),
		binary.BigEndian.Uint64(sum[16:24]),
		binary.BigEndian.Uint64(sum[24:32]),
	}
}

// divmod19 divides x by 10^19 in place and returns the remainder.
func divmod19(x *[4]uint64) uint64 {
	var r uint64
	for i := range x {
		x[i], r = bits.Div64(r, x[i], pow19)
	}
	return r
}

// sumKey returns x mod 10^19 with its 19 digits (leading zeros included)
// reversed, which are the first 19 digits of the ticket.
func sumKey(sum *[sha256.Size]byte) uint64 {
	x := limbs(sum)
	var r uint64
	for i := range x {
		_, r = bits.Div64(r, x[i], pow19)
	}
	return reverse19(r)
}

// rev4 maps a four-digit group (leading zeros included) to its reversal.
var rev4 = func() (t [10000]uint16) {
	for i := range t {
		v := i
		for range 4 {
			t[i] = t[i]*10 + uint16(v%10)
			v /= 10
		}
	}
	return t
}()

// reverse19 reverses the 19 decimal digits of r (r < 10^19), four digits at
// a time: the last three digits of r are the first three of its reversal.
func reverse19(r uint64) uint64 {
	var v uint64
	for range 4 {
		v = v*10000 + uint64(rev4[r%10000])
		r /= 10000
	}
	// r < 1000 now: reverse it as a four-digit group 0ddd and drop the 0.
	return v*1000 + uint64(rev4[r])/10
}

// sumTicket returns the full ticket of a SHA-256 sum.
func sumTicket(sum *[sha256.Size]byte) string {
	var buf [2 + 80]byte
	return string(appendTicket(buf[:0], sum))
}

// appendTicket appends the full ticket of a SHA-256 sum to b: "0.", the
// decimal digits of x from the least significant up, then zeros up to 64
// digits.
func appendTicket(b []byte, sum *[sha256.Size]byte) []byte {
	x := limbs(sum)
	start := len(b)
	b = append(b, '0', '.')
	for {
		r := divmod19(&x)
		if x == [4]uint64{} {
			for r != 0 {
				b = append(b, byte('0'+r%10))
				r /= 10
			}
			break
		}
		for range 19 {
			b = append(b, byte('0'+r%10))
			r /= 10
		}
	}
	for len(b)-start < 2+minDigits {
		b = append(b, '0')
	}
	return b
}
