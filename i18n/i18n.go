// Package i18n holds every string of the user interface in one catalog,
// Chinese (zh-CN, the default) first and English beside it.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is an interface language.
type Lang string

// The supported languages; Chinese is the default.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Parse returns the language named by s ("en", "en-US", "zh-CN", ...),
// defaulting to Chinese.
func Parse(s string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return EN
	}
	return ZH
}

// T returns the text of key in lang, formatted with args. A key missing
// from the catalog is returned as is, so a gap shows instead of hiding.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m.zh
	if lang == EN {
		s = m.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys returns every key of the catalog, for tests that check completeness.
func Keys() []string {
	out := make([]string, 0, len(catalog))
	for k := range catalog {
		out = append(out, k)
	}
	return out
}

type text struct{ zh, en string }
