// Package audit defines the tamper-evident audit log (SPEC R20): every change
// is an entry naming who, when, what, and the state before and after, and
// each entry's hash covers the previous entry's hash, so that altering,
// inserting or deleting any entry breaks the chain from there on.
//
// The hash of entry n is the lowercase hex SHA-256 of the UTF-8 text
//
//	doublerandom-audit/1\n<seq>\n<prev>\n<at>\n<actor>\n<action>\n<subject>\n<before>\n<after>
//
// where seq is the entry's decimal sequence number (1, 2, ...), prev is the
// previous entry's hash (64 zeros for the first), at is the RFC 3339 time in
// UTC, and before and after are JSON texts ("" when absent). No field may
// contain a newline except before and after, which come last and are
// length-prefixed by being JSON (newlines inside are escaped).
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Genesis is the previous hash of the first entry.
var Genesis = strings.Repeat("0", 64)

// Entry is one audit log entry.
type Entry struct {
	Seq     int64
	At      string // RFC 3339, UTC
	Actor   string
	Action  string // e.g. "task.create", "draw.freeze"
	Subject string // e.g. "task/12"
	Before  string // JSON, or ""
	After   string // JSON, or ""
	Prev    string // hash of the previous entry
	Hash    string
}

// ComputeHash returns the hash entry e must carry given its fields and Prev.
func ComputeHash(e Entry) string {
	var b strings.Builder
	b.WriteString("doublerandom-audit/1\n")
	for _, f := range []string{strconv.FormatInt(e.Seq, 10), e.Prev, e.At, clean(e.Actor),
		clean(e.Action), clean(e.Subject), e.Before, e.After} {
		b.WriteString(f)
		b.WriteByte('\n')
	}
	sum := sha256.Sum256([]byte(strings.TrimSuffix(b.String(), "\n")))
	return hex.EncodeToString(sum[:])
}

// clean replaces newlines in single-line fields so no field can imitate the
// separator.
func clean(s string) string { return strings.ReplaceAll(s, "\n", `\n`) }

// Break describes the first entry at which a chain fails.
type Break struct {
	Seq    int64
	Reason string
}

// Error implements error.
func (b *Break) Error() string {
	return fmt.Sprintf("audit chain broken at entry %d: %s", b.Seq, b.Reason)
}

// Verifier checks entries one by one, in sequence order.
type Verifier struct {
	prev string
	seq  int64
}

// NewVerifier returns a verifier expecting entry 1.
func NewVerifier() *Verifier { return &Verifier{prev: Genesis} }

// Next checks the next entry and returns a *Break when it does not follow.
func (v *Verifier) Next(e Entry) error {
	want := v.seq + 1
	switch {
	case e.Seq != want:
		return &Break{Seq: want,
			Reason: fmt.Sprintf("entry %d is missing (next is %d)", want, e.Seq)}
	case e.Prev != v.prev:
		return &Break{Seq: e.Seq, Reason: "its previous hash does not match the entry before it"}
	case ComputeHash(e) != e.Hash:
		return &Break{Seq: e.Seq, Reason: "its content does not match its hash (altered)"}
	}
	v.prev, v.seq = e.Hash, e.Seq
	return nil
}

// Count returns how many entries have been verified.
func (v *Verifier) Count() int64 { return v.seq }
