package draw

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// The draw modes of Params.Mode.
const (
	ModeUniform    = "uniform"
	ModeStratified = "stratified"
)

// paramsFormat is the first line of the canonical params text.
const paramsFormat = "doublerandom-params/1"

// Params are the draw parameters, fixed when the candidate list is frozen
// and covered by the params hash.
type Params struct {
	Mode string `json:"mode"` // ModeUniform or ModeStratified
	// N is the uniform sample size; when 0, Ratio sets it to
	// ceil(candidates * Ratio).
	N     int    `json:"n,omitempty"`
	Ratio string `json:"ratio,omitempty"`
	// Reserves is the number of ordered reserves of a uniform draw.
	Reserves int `json:"reserves,omitempty"`
	// Ratios maps each stratum to its ratio in a stratified draw.
	Ratios map[string]string `json:"ratios,omitempty"`
	// Scope describes, for readers, the filters that built the candidate
	// list (object scope of the task). It does not change the selection.
	Scope string `json:"scope,omitempty"`
	// PublicSource names the public randomness that will enter the seed,
	// e.g. "drand quicknet round 12345678"; it must be unknown when the
	// record is frozen. It does not change the selection.
	PublicSource string `json:"public_source,omitempty"`
}

// Validate reports the first parameter that is wrong.
func (p Params) Validate() error {
	for name, v := range map[string]string{"scope": p.Scope, "public_source": p.PublicSource} {
		if strings.ContainsAny(v, "\r\n") {
			return fmt.Errorf("params: %s must be one line", name)
		}
	}
	for _, v := range p.Ratios {
		if strings.ContainsAny(v, " \t\r\n") {
			return fmt.Errorf("params: ratio %q contains white space", v)
		}
	}
	if strings.ContainsAny(p.Ratio, " \t\r\n") {
		return fmt.Errorf("params: ratio %q contains white space", p.Ratio)
	}
	if p.N < 0 || p.Reserves < 0 {
		return fmt.Errorf("params: n=%d and reserves=%d must not be negative", p.N, p.Reserves)
	}
	switch p.Mode {
	case ModeUniform:
		if len(p.Ratios) > 0 {
			return fmt.Errorf("params: a uniform draw takes n or ratio, not ratios")
		}
		if (p.N > 0) == (p.Ratio != "") {
			return fmt.Errorf("params: a uniform draw needs exactly one of n and ratio")
		}
		if p.Ratio != "" {
			if _, err := ParseRatio(p.Ratio); err != nil {
				return fmt.Errorf("params: %w", err)
			}
		}
	case ModeStratified:
		if p.N != 0 || p.Ratio != "" || p.Reserves != 0 {
			return fmt.Errorf("params: a stratified draw takes ratios only (no n, ratio " +
				"or reserves)")
		}
		if len(p.Ratios) == 0 {
			return fmt.Errorf("params: a stratified draw needs a ratio per stratum")
		}
		if _, err := p.stratumRatios(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("params: mode %q is neither %q nor %q", p.Mode, ModeUniform,
			ModeStratified)
	}
	return nil
}

// stratumRatios parses Ratios.
func (p Params) stratumRatios() (map[string]Ratio, error) {
	out := make(map[string]Ratio, len(p.Ratios))
	for name, s := range p.Ratios {
		if name == "" || strings.ContainsAny(name, " =") || validText(name) != "" {
			return nil, fmt.Errorf("params: stratum name %q must be non-empty, without "+
				"spaces, '=', commas or control characters", name)
		}
		r, err := ParseRatio(s)
		if err != nil {
			return nil, fmt.Errorf("params: stratum %s: %w", name, err)
		}
		out[name] = r
	}
	return out, nil
}

// sampleSize returns the uniform sample size for count candidates.
func (p Params) sampleSize(count int) (int, error) {
	if p.Ratio == "" {
		return p.N, nil
	}
	r, err := ParseRatio(p.Ratio)
	if err != nil {
		return 0, fmt.Errorf("params: %w", err)
	}
	return r.Ceil(count), nil
}

// Canonical returns the text the params hash covers, lines ended by LF:
//
//	doublerandom-params/1
//	mode=<mode>
//	n=<n in decimal>
//	ratio=<ratio as written>
//	reserves=<reserves in decimal>
//	scope=<scope>
//	public_source=<public source>
//	stratum=<name> <ratio as written>
//
// with every key present (empty values stay empty) and one stratum line per
// stratum, sorted by name in byte order. Ratios are hashed as written, so
// "0.10" and "0.1" give different hashes.
func (p Params) Canonical() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nmode=%s\nn=%d\nratio=%s\nreserves=%d\nscope=%s\npublic_source=%s\n",
		paramsFormat, p.Mode, p.N, p.Ratio, p.Reserves, p.Scope, p.PublicSource)
	names := make([]string, 0, len(p.Ratios))
	for name := range p.Ratios {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "stratum=%s %s\n", name, p.Ratios[name])
	}
	return b.Bytes()
}

// Hash returns the lowercase hex SHA-256 of Canonical.
func (p Params) Hash() string {
	sum := sha256.Sum256(p.Canonical())
	return hex.EncodeToString(sum[:])
}
