package i18n

// duplicates lists keys that more than one catalog file defines; a test
// requires it to be empty.
var duplicates []string

// add merges a feature's strings into the catalog. Features keep their
// strings in their own file (catalog_<feature>.go) so that several people
// can add strings at once without editing one map.
func add(m map[string]text) {
	for k, v := range m {
		if _, ok := catalog[k]; ok {
			duplicates = append(duplicates, k)
		}
		catalog[k] = v
	}
}

// Duplicates returns the keys defined by more than one catalog file.
func Duplicates() []string { return append([]string(nil), duplicates...) }

// Has reports whether key is in the catalog.
func Has(key string) bool {
	_, ok := catalog[key]
	return ok
}

// Texts returns the Chinese and English texts of key, empty when the key is
// missing.
func Texts(key string) (zh, en string) {
	m := catalog[key]
	return m.zh, m.en
}
