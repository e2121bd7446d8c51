package draw

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrCommitment reports a revealed secret whose SHA-256 is not the
// commitment the party published before the draw.
var ErrCommitment = errors.New("revealed secret does not match its commitment")

// ErrNoEntropy reports a seed that nobody's secret or public value makes
// unpredictable: without one, anyone could compute it at commitment time.
var ErrNoEntropy = errors.New("no revealed secret and no public randomness")

// seedFormat is the first line of the seed input.
const seedFormat = "doublerandom-seed/1"

// Contribution is one party's share of the seed: the party (usually a
// department code) commits to a secret by publishing its SHA-256 before the
// candidate list is drawn from, and reveals the secret afterwards. An empty
// Secret means not revealed: the draw goes on without it and the record
// shows it as missing.
type Contribution struct {
	Party      string `json:"party"`
	Commitment string `json:"commitment"`       // lowercase hex SHA-256 of Secret
	Secret     string `json:"secret,omitempty"` // "" until revealed
}

// Commit returns the commitment to a secret: the lowercase hex SHA-256 of
// its UTF-8 text.
func Commit(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewSecret returns 32 random bytes from crypto/rand as 64 hex digits. A
// secret must be unguessable: a short or predictable one can be found from
// its commitment by trying candidates.
func NewSecret() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("new secret: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// isHash reports whether s is 64 lowercase hex digits.
func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

// checkContributions checks parties and commitment syntax, not secrets.
func checkContributions(contribs []Contribution) error {
	seen := map[string]bool{}
	for i, c := range contribs {
		if c.Party == "" {
			return fmt.Errorf("contribution %d: empty party", i+1)
		}
		if strings.ContainsAny(c.Party, " \t\r\n") || validText(c.Party) != "" {
			return fmt.Errorf("contribution %d: party %q must be one word without "+
				"commas or control characters", i+1, c.Party)
		}
		if seen[c.Party] {
			return fmt.Errorf("contribution %d: party %q contributes twice", i+1, c.Party)
		}
		seen[c.Party] = true
		if !isHash(c.Commitment) {
			return fmt.Errorf("contribution %d (%s): commitment %q is not 64 lowercase "+
				"hex digits", i+1, c.Party, c.Commitment)
		}
	}
	return nil
}

// SeedInput returns the exact text whose SHA-256 is the seed. Lines end in
// LF:
//
//	doublerandom-seed/1
//	candidates <candidate list SHA-256>
//	params <params SHA-256>
//	contribution <party> <commitment> <hex of the secret's UTF-8 | missing>
//	...
//	public <hex of the public value's UTF-8 | none>
//
// with one contribution line per party, sorted by party in byte order. It
// fails when a hash is malformed, a party is invalid or repeated, a
// revealed secret does not match its commitment (ErrCommitment), or
// nothing unpredictable enters the seed (ErrNoEntropy).
func SeedInput(candidateSHA256, paramsSHA256 string, contribs []Contribution,
	public string) ([]byte, error) {
	if !isHash(candidateSHA256) {
		return nil, fmt.Errorf("seed: candidate hash %q is not 64 lowercase hex digits",
			candidateSHA256)
	}
	if !isHash(paramsSHA256) {
		return nil, fmt.Errorf("seed: params hash %q is not 64 lowercase hex digits",
			paramsSHA256)
	}
	if err := checkContributions(contribs); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	sorted := slices.Clone(contribs)
	slices.SortFunc(sorted, func(a, b Contribution) int {
		return strings.Compare(a.Party, b.Party)
	})

	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\ncandidates %s\nparams %s\n", seedFormat, candidateSHA256, paramsSHA256)
	revealed := 0
	for _, c := range sorted {
		secret := "missing"
		if c.Secret != "" {
			if Commit(c.Secret) != c.Commitment {
				return nil, fmt.Errorf("seed: party %s: %w", c.Party, ErrCommitment)
			}
			secret = hex.EncodeToString([]byte(c.Secret))
			revealed++
		}
		fmt.Fprintf(&b, "contribution %s %s %s\n", c.Party, c.Commitment, secret)
	}
	pub := "none"
	if public != "" {
		pub = hex.EncodeToString([]byte(public))
	}
	fmt.Fprintf(&b, "public %s\n", pub)
	if revealed == 0 && public == "" {
		return nil, fmt.Errorf("seed: %w", ErrNoEntropy)
	}
	return b.Bytes(), nil
}

// DeriveSeed returns the seed text of a draw: the lowercase hex SHA-256 of
// SeedInput. Every party's commitment enters the seed, revealed or not; a
// missing reveal is written as "missing" and never blocks the draw. The
// public value (for example the randomness of a drand round named before
// the commitment) is used as typed, byte for byte.
func DeriveSeed(candidateSHA256, paramsSHA256 string, contribs []Contribution,
	public string) (string, error) {
	in, err := SeedInput(candidateSHA256, paramsSHA256, contribs, public)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(in)
	return hex.EncodeToString(sum[:]), nil
}
