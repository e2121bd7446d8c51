// Package idcode checks the codes that identify a business in China: the
// 18-character unified social credit code (统一社会信用代码, GB 32100-2015)
// with the organisation code embedded in it (组织机构代码, GB 11714), the
// 15-digit registration number (注册号, check digit by ISO 7064 MOD 11,10)
// and the older 13-digit registration number, which has no check digit.
//
// Check tells the kind of a code and reports the first rule it breaks.
// Normalize cleans up a code as people type or paste it.
package idcode

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"doublerandom"
)

// ErrCheckDigit is wrapped by the errors of Check when the code is well
// formed but a check character does not match, so that an import can accept
// such a code flagged for review (a few early credit codes in real use fail
// their check). Test for it with errors.Is.
var ErrCheckDigit = errors.New("check character does not match")

// creditAlphabet is the 31-character alphabet of credit codes: digits and
// upper-case letters except I, O, Z, S and V. A character's value is its
// index.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the GB 32100 weights of the first 17 characters.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the GB 11714 weights of the first 8 characters of an
// organisation code.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// Check reports which kind of business code code is, or a coded
// *doublerandom.Error (EINVALID) whose message names the rule it breaks.
// code must already be normalized (see Normalize): Check does not trim or
// change case.
//
// When only a check character fails, the error also wraps ErrCheckDigit and
// the kind is returned with it.
func Check(code string) (doublerandom.CodeKind, error) {
	n := utf8.RuneCountInString(code)
	switch {
	case code == "":
		return "", invalid("business code is empty")
	case n == 18:
		return doublerandom.CodeCredit, checkCredit(code)
	case n == 15:
		if err := digitsOnly(code, "15-digit registration number"); err != nil {
			return "", err
		}
		return doublerandom.CodeReg15, checkReg15(code)
	case n == 13:
		if err := digitsOnly(code, "13-digit registration number"); err != nil {
			return "", err
		}
		return doublerandom.CodeReg13, nil
	}
	return "", invalid("business code has %d characters; want 18 (unified social credit code), "+
		"15 or 13 (registration number)", n)
}

// checkCredit checks an 18-character unified social credit code.
func checkCredit(code string) error {
	var vals [18]int
	for i, r := range []rune(code) {
		v := strings.IndexRune(creditAlphabet, r)
		if v < 0 {
			return invalid("credit code has %q at position %d; allowed are digits and "+
				"capital letters except I, O, S, V, Z", r, i+1)
		}
		vals[i] = v
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return invalid("credit code has %q at position %d; positions 3-8 are the "+
				"administrative division code and must be digits", code[i], i+1)
		}
	}

	sum := 0
	for i, w := range creditWeights {
		sum += vals[i] * w
	}
	want := creditAlphabet[(31-sum%31)%31]
	if code[17] != want {
		return checkFailed("credit code check character: want %c, got %c", want, code[17])
	}

	org := code[8:17]
	if want := orgCheck(org); org[8] != want {
		return checkFailed("credit code embedded organisation code %s (positions 9-17) "+
			"check character: want %c, got %c", org, want, org[8])
	}
	return nil
}

// orgCheck returns the GB 11714 check character of a 9-character
// organisation code whose first 8 characters are digits or capital letters.
func orgCheck(org string) byte {
	sum := 0
	for i, w := range orgWeights {
		c := org[i]
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * w
	}
	switch r := 11 - sum%11; r {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + r)
	}
}

// checkReg15 checks the ISO 7064 MOD 11,10 check digit of a registration
// number of 15 ASCII digits.
func checkReg15(code string) error {
	want := mod1110(code[:14])
	if code[14] != want {
		return checkFailed("registration number check digit: want %c, got %c", want, code[14])
	}
	return nil
}

// mod1110 returns the ISO 7064 MOD 11,10 check digit of digits.
func mod1110(digits string) byte {
	p := 10
	for i := 0; i < len(digits); i++ {
		s := (p + int(digits[i]-'0')) % 10
		if s == 0 {
			s = 10
		}
		p = s * 2 % 11
	}
	return byte('0' + (11-p)%10)
}

// digitsOnly returns an error naming the first character of code that is
// not an ASCII digit, or nil.
func digitsOnly(code, what string) error {
	pos := 0
	for _, r := range code {
		pos++
		if r < '0' || r > '9' {
			return invalid("%s has %q at position %d; only digits are allowed", what, r, pos)
		}
	}
	return nil
}

// Normalize cleans up a code as typed or pasted: it trims ASCII and
// full-width (U+3000) spaces and zero-width characters, turns full-width
// letters and digits into half-width ones, and upper-cases the result.
func Normalize(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.TrimFunc(s, isSpace)
	s = width.Narrow.String(s)
	return strings.ToUpper(strings.TrimFunc(s, isSpace))
}

// isClean reports whether s is already normalized and made only of ASCII
// digits and capital letters, the common case worth a fast path.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// isSpace reports whether r is white space, including the full-width space,
// or an invisible character that copying from web pages leaves behind.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x3000, 0xFEFF, 0x200B:
		return true
	}
	return false
}

// checkError is a check-character failure: a coded error that also matches
// ErrCheckDigit.
type checkError struct{ err *doublerandom.Error }

func (e *checkError) Error() string   { return e.err.Error() }
func (e *checkError) Unwrap() []error { return []error{e.err, ErrCheckDigit} }

func invalid(format string, args ...any) error {
	return doublerandom.Errorf(doublerandom.EINVALID, format, args...)
}

func checkFailed(format string, args ...any) error {
	return &checkError{err: doublerandom.Errorf(doublerandom.EINVALID, format, args...)}
}

// personWeights are the GB 11643 weights of the first 17 digits of a
// citizen identity number.
var personWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// CheckPersonID checks a citizen identity number (公民身份号码, GB 11643):
// 18 characters, 17 digits and an ISO 7064 MOD 11-2 check character (a
// digit or X), or the 15 digits of a first-generation card. id must be
// normalized. A wrong check character wraps ErrCheckDigit.
func CheckPersonID(id string) error {
	n := utf8.RuneCountInString(id)
	switch n {
	case 15:
		return digitsOnly(id, "15-digit identity number")
	case 18:
		for i, r := range []rune(id) {
			if (r < '0' || r > '9') && (i < 17 || r != 'X') {
				return invalid("identity number has %q at position %d; only digits are "+
					"allowed, and X as the last character", r, i+1)
			}
		}
	default:
		return invalid("identity number has %d characters; want 18 (or 15 for an old card)", n)
	}

	sum := 0
	for i, w := range personWeights {
		sum += int(id[i]-'0') * w
	}
	want := "10X98765432"[sum%11]
	if id[17] != want {
		return checkFailed("identity number check character: want %c, got %c", want, id[17])
	}
	return nil
}
