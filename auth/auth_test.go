package auth

import (
	"strings"
	"testing"
	"time"
)

var fast = Params{Memory: 1024, Time: 1, Threads: 1}

func TestHashPassword_CheckPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string", h)
	}
	if !CheckPassword("correct horse battery", h) {
		t.Error("the right password does not match")
	}
	for _, wrong := range []string{"", "correct horse batterY", "correct horse battery "} {
		if CheckPassword(wrong, h) {
			t.Errorf("wrong password %q matches", wrong)
		}
	}
	h2, _ := HashPassword("correct horse battery", fast)
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", strings.Replace(h, "$v=19$", "$v=16$", 1)} {
		if CheckPassword("correct horse battery", bad) {
			t.Errorf("malformed hash %q matches", bad)
		}
	}
}

func TestCheckStrength(t *testing.T) {
	for pw, ok := range map[string]bool{"short": false, "aaaaaaaaaaaa": false,
		"双随机一公开联合抽查": true, "long enough pw": true} {
		if err := CheckStrength(pw); (err == nil) != ok {
			t.Errorf("CheckStrength(%q) = %v, want ok=%v", pw, err, ok)
		}
	}
}

func TestToken(t *testing.T) {
	a, _ := NewToken()
	b, _ := NewToken()
	if a == b || len(a) != 43 {
		t.Errorf("tokens %q, %q: want two different 43-character tokens", a, b)
	}
	if got := TokenHash("abc"); got !=
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("TokenHash(abc) = %s", got)
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(3, time.Minute)
	th.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if b, _ := th.Blocked("ip:1", "user:a"); b {
			t.Fatalf("blocked after %d failures, want 3 allowed", i)
		}
		th.Fail("ip:1", "user:a")
	}
	if b, wait := th.Blocked("ip:2", "user:a"); !b || wait != time.Minute {
		t.Errorf("account a after 3 failures: blocked=%v wait=%v, want true 1m", b, wait)
	}
	if b, _ := th.Blocked("ip:2", "user:b"); b {
		t.Error("another address and account are blocked too")
	}
	now = now.Add(61 * time.Second)
	if b, _ := th.Blocked("ip:1", "user:a"); b {
		t.Error("still blocked after the window")
	}
	th.Fail("ip:1")
	th.Reset("ip:1")
	if b, _ := th.Blocked("ip:1"); b {
		t.Error("blocked after reset")
	}
}
