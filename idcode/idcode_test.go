package idcode_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"doublerandom"
	"doublerandom/idcode"
	"doublerandom/sheet"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		code     string
		kind     doublerandom.CodeKind
		wantErr  string // substring of the message; "" for valid
		badCheck bool   // the error must match ErrCheckDigit
	}{
		{code: "91350100M000100Y43", kind: doublerandom.CodeCredit}, // GB 32100 example
		{code: "913301007161035748", kind: doublerandom.CodeCredit},
		{code: "91330102MA27YU8W73", kind: doublerandom.CodeCredit},
		{code: "330100000111310", kind: doublerandom.CodeReg15},
		{code: "330106000349996", kind: doublerandom.CodeReg15},
		{code: "3301062015292", kind: doublerandom.CodeReg13},
		{
			code: "91350100M000100Y49", kind: doublerandom.CodeCredit, badCheck: true,
			wantErr: "credit code check character: want 3, got 9",
		},
		{
			// Check character right, embedded organisation code wrong.
			code: "91350100M000100Y56", kind: doublerandom.CodeCredit, badCheck: true,
			wantErr: "organisation code M000100Y5 (positions 9-17) check character: want 4, got 5",
		},
		{
			code: "330100000111311", kind: doublerandom.CodeReg15, badCheck: true,
			wantErr: "registration number check digit: want 0, got 1",
		},
		{code: "", wantErr: "business code is empty"},
		{code: "9135010", wantErr: "has 7 characters; want 18"},
		{code: "91350100M000100YI3", wantErr: `has 'I' at position 17`},
		{code: "91350100m000100Y43", wantErr: `has 'm' at position 9`},
		{code: "9135A100M000100Y43", wantErr: "positions 3-8 are the administrative division"},
		{code: "33010000011131X", wantErr: `has 'X' at position 15`},
		{code: "330106201529A", wantErr: `has 'A' at position 13`},
		{code: "３３０１０６２０１５２９２", wantErr: `has '３' at position 1`},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			kind, err := idcode.Check(tt.code)
			if tt.wantErr == "" {
				if err != nil || kind != tt.kind {
					t.Fatalf("Check = %q, %v; want %q, nil", kind, err, tt.kind)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check = %q, nil; want error %q", kind, tt.wantErr)
			}
			if msg := doublerandom.ErrorMessage(err); !strings.Contains(msg, tt.wantErr) {
				t.Errorf("message %q, want it to contain %q", msg, tt.wantErr)
			}
			if code := doublerandom.ErrorCode(err); code != doublerandom.EINVALID {
				t.Errorf("code %q, want %q", code, doublerandom.EINVALID)
			}
			if got := errors.Is(err, idcode.ErrCheckDigit); got != tt.badCheck {
				t.Errorf("errors.Is(err, ErrCheckDigit) = %v, want %v", got, tt.badCheck)
			}
			if tt.badCheck && kind != tt.kind {
				t.Errorf("kind on a check failure = %q, want %q", kind, tt.kind)
			}
		})
	}
}

// TestCheck_EveryWrongCheckCharacter changes the check character of the
// GB 32100 example to every other allowed character: each must fail.
func TestCheck_EveryWrongCheckCharacter(t *testing.T) {
	const valid = "91350100M000100Y43"
	for _, c := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		code := valid[:17] + string(c)
		_, err := idcode.Check(code)
		if c == '3' {
			if err != nil {
				t.Errorf("Check(%s) = %v, want nil", code, err)
			}
			continue
		}
		if !errors.Is(err, idcode.ErrCheckDigit) {
			t.Errorf("Check(%s) = %v, want a check-character error", code, err)
		}
	}
}

// TestCheck_RealCodes checks every code of a real business directory: 430
// credit codes, 47 15-digit and one 13-digit registration number, all
// expected to pass every check.
func TestCheck_RealCodes(t *testing.T) {
	const path = "../../shared/data/real/entities-hangzhou-check01.xlsx"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("real data not available: %v", err)
	}
	defer f.Close()
	rd, err := sheet.Open(f, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()

	kinds := map[doublerandom.CodeKind]int{}
	for {
		cells, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rd.Row() == 1 {
			continue // header
		}
		code := idcode.Normalize(cells[1])
		kind, err := idcode.Check(code)
		if err != nil {
			t.Errorf("row %d: %s: %s", rd.Row(), code, doublerandom.ErrorMessage(err))
		}
		kinds[kind]++
	}
	want := map[doublerandom.CodeKind]int{
		doublerandom.CodeCredit: 430, doublerandom.CodeReg15: 47, doublerandom.CodeReg13: 1,
	}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d codes of kind %s, want %d", kinds[k], k, n)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91350100M000100Y43", "91350100M000100Y43"},
		{"  91350100m000100y43\t", "91350100M000100Y43"},
		{"\u300091350100M000100Y43\u3000", "91350100M000100Y43"},
		{"９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"},
		{"\ufeff330100000111310\u200b", "330100000111310"},
		{"\u3000\u3000", ""},
	}
	for _, tt := range tests {
		if got := idcode.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckPersonID(t *testing.T) {
	tests := []struct {
		id       string
		wantErr  string
		badCheck bool
	}{
		{id: "11010519491231002X"},
		{id: "110105491231002"},
		{id: "110105194912310021", wantErr: "check character: want X, got 1", badCheck: true},
		{id: "1101051949123100X2", wantErr: "'X' at position 17"},
		{id: "1101051949", wantErr: "has 10 characters"},
	}
	for _, tt := range tests {
		err := idcode.CheckPersonID(tt.id)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("CheckPersonID(%s) = %v, want nil", tt.id, err)
			}
			continue
		}
		if err == nil || !strings.Contains(doublerandom.ErrorMessage(err), tt.wantErr) {
			t.Errorf("CheckPersonID(%s) = %v, want %q", tt.id, err, tt.wantErr)
		}
		if errors.Is(err, idcode.ErrCheckDigit) != tt.badCheck {
			t.Errorf("CheckPersonID(%s): ErrCheckDigit match = %v, want %v",
				tt.id, !tt.badCheck, tt.badCheck)
		}
	}
}

// FuzzCheck feeds arbitrary text to Normalize and Check: no panic, a kind
// only for codes of its length, a coded message for every error, and
// Normalize idempotent.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"91350100M000100Y43", "330100000111310", "3301062015292", "", "９１３５",
		"\u3000x\u3000", "91350100M000100Y4\xff", "11010519491231002X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code := idcode.Normalize(s)
		if again := idcode.Normalize(code); again != code {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, code, again)
		}
		kind, err := idcode.Check(code)
		if err != nil && doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Fatalf("Check(%q) error %v is not EINVALID", code, err)
		}
		if err != nil && doublerandom.ErrorMessage(err) == "" {
			t.Fatalf("Check(%q): empty message", code)
		}
		n := utf8.RuneCountInString(code)
		wantLen := map[doublerandom.CodeKind]int{
			doublerandom.CodeCredit: 18, doublerandom.CodeReg15: 15, doublerandom.CodeReg13: 13,
		}
		if kind != "" && wantLen[kind] != n {
			t.Fatalf("Check(%q) kind %s for %d characters", code, kind, n)
		}
		if err := idcode.CheckPersonID(code); err != nil &&
			doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Fatalf("CheckPersonID(%q) error %v is not EINVALID", code, err)
		}
	})
}
