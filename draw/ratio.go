package draw

import (
	"fmt"
	"math/big"
	"strings"
)

// maxRatioLen bounds the text ParseRatio accepts.
const maxRatioLen = 40

// Ratio is an exact sampling ratio between 0 and 1, parsed from a decimal
// such as "0.05" or a percentage such as "5%". No floating point is
// involved anywhere. The zero value is the ratio 0.
type Ratio struct {
	r *big.Rat // nil means 0
}

// ParseRatio parses a decimal ("0.05", "0.30", "1", ".5") or a percentage
// ("5%", "2.5%") between 0 and 1 inclusive. Signs, exponents, spaces
// inside the number and values above 1 are rejected.
func ParseRatio(s string) (Ratio, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return Ratio{}, fmt.Errorf("ratio %q: empty", s)
	}
	if len(text) > maxRatioLen {
		return Ratio{}, fmt.Errorf("ratio %q: longer than %d characters", s, maxRatioLen)
	}
	percent := strings.HasSuffix(text, "%")
	text = strings.TrimSuffix(text, "%")
	whole, frac, _ := strings.Cut(text, ".")
	if whole == "" && frac == "" {
		return Ratio{}, fmt.Errorf("ratio %q: no digits", s)
	}
	for _, part := range []string{whole, frac} {
		if strings.Trim(part, "0123456789") != "" {
			return Ratio{}, fmt.Errorf("ratio %q: want a decimal like 0.05 or a percentage "+
				"like 5%%", s)
		}
	}
	num, ok := new(big.Int).SetString(whole+frac+"0", 10) // "0" keeps it non-empty
	if !ok {
		return Ratio{}, fmt.Errorf("ratio %q: not a decimal number", s)
	}
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac)+1)), nil)
	if percent {
		den.Mul(den, big.NewInt(100))
	}
	r := new(big.Rat).SetFrac(num, den)
	if r.Cmp(big.NewRat(1, 1)) > 0 {
		return Ratio{}, fmt.Errorf("ratio %q: greater than 1 (100%%)", s)
	}
	return Ratio{r: r}, nil
}

// MustRatio is ParseRatio for constants known to be valid, such as the
// default ratios; it panics on a bad ratio and must not see user input.
func MustRatio(s string) Ratio {
	r, err := ParseRatio(s)
	if err != nil {
		panic(err)
	}
	return r
}

// DefaultRatios returns the stratum ratios used in Henan's practice for
// differentiated supervision by risk class: D 30 %, C 10 %, B 2 %, A 1 %.
func DefaultRatios() map[string]Ratio {
	return map[string]Ratio{
		"A": MustRatio("0.01"),
		"B": MustRatio("0.02"),
		"C": MustRatio("0.10"),
		"D": MustRatio("0.30"),
	}
}

func (r Ratio) rat() *big.Rat {
	if r.r == nil {
		return new(big.Rat)
	}
	return r.r
}

// String returns the canonical decimal form: no trailing zeros after the
// point, no point for whole numbers ("0.05", "0.3", "1", "0").
func (r Ratio) String() string {
	x := r.rat()
	if x.IsInt() {
		return x.Num().String()
	}
	// The denominator divides a power of ten, so the expansion ends.
	s := x.FloatString(maxRatioLen + 3)
	return strings.TrimRight(s, "0")
}

// Ceil returns ceil(n * r) computed exactly; n below zero counts as zero.
func (r Ratio) Ceil(n int) int {
	if n <= 0 {
		return 0
	}
	x := r.rat()
	p := new(big.Int).Mul(big.NewInt(int64(n)), x.Num())
	q, m := new(big.Int).QuoRem(p, x.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return int(q.Int64())
}

// Cmp compares r and s, returning -1, 0 or +1.
func (r Ratio) Cmp(s Ratio) int {
	return r.rat().Cmp(s.rat())
}

// MarshalText implements encoding.TextMarshaler with the canonical form.
func (r Ratio) MarshalText() ([]byte, error) {
	return []byte(r.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseRatio.
func (r *Ratio) UnmarshalText(b []byte) error {
	v, err := ParseRatio(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
