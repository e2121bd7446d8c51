package i18n

import (
	"regexp"
	"slices"
	"testing"
)

var verbs = regexp.MustCompile(`%[-+# 0]*[0-9]*[dsvqxf]`)

// TestCatalog_Complete requires every key to have a Chinese and an English
// text with the same formatting verbs in the same order, and no key to be
// defined by two catalog files.
func TestCatalog_Complete(t *testing.T) {
	if d := Duplicates(); len(d) > 0 {
		t.Errorf("keys defined twice: %v", d)
	}
	for _, k := range Keys() {
		zh, en := Texts(k)
		if zh == "" || en == "" {
			t.Errorf("%s: zh %q, en %q: both languages are needed", k, zh, en)
		}
		if a, b := verbs.FindAllString(zh, -1), verbs.FindAllString(en, -1); !slices.Equal(a, b) {
			t.Errorf("%s: verbs %v in Chinese but %v in English", k, a, b)
		}
	}
}

func TestT(t *testing.T) {
	if got := T(ZH, "search.count", 3); got != "找到 3 家企业" {
		t.Errorf("T(zh) = %q", got)
	}
	if got := T(EN, "search.count", 3); got != "3 businesses found" {
		t.Errorf("T(en) = %q", got)
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
	for in, want := range map[string]Lang{"en": EN, "en-US": EN, "zh-CN": ZH, "": ZH, "fr": ZH} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %s, want %s", in, got, want)
		}
	}
}
