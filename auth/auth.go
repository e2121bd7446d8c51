// Package auth holds the security primitives of staff accounts (SPEC R21):
// argon2id password hashes in the PHC string format, random session and API
// tokens of which only the SHA-256 is stored, and a throttle that refuses
// logins after repeated failures. It imports neither storage nor HTTP.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"doublerandom"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultParams follow RFC 9106's second recommendation, scaled to two
// passes: 64 MiB of memory, about 100 ms on one core of a small server.
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// CheckStrength returns an invalid-input error when pw is too weak to be
// accepted: shorter than MinPasswordLen characters or one repeated character.
func CheckStrength(pw string) error {
	r := []rune(pw)
	if len(r) < MinPasswordLen {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the password has %d characters; use at least %d", len(r), MinPasswordLen)
	}
	if strings.Count(pw, string(r[0])) == len(r) {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the password repeats one character; choose another")
	}
	return nil
}

// HashPassword returns the argon2id hash of pw with a random salt, as a PHC
// string: $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash> (unpadded base64).
func HashPassword(pw string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time,
		p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC string hash, comparing in
// constant time. A malformed hash never matches.
func CheckPassword(pw, hash string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" ||
		parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var p Params
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads)
	if err != nil {
		return false
	}
	// Refuse absurd costs from a tampered row rather than exhaust memory.
	if p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewToken returns a new random token (256 bits, base64url) for a session
// or an API client. Only its TokenHash is ever stored.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// TokenHash returns the lowercase hex SHA-256 of a token, the form in which
// the database keeps it: a stolen database copy yields no usable token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
