package store

// SetSuspendAfter sets how many businesses an import adds before it
// suspends the SQLite triggers, and returns a function restoring it.
func SetSuspendAfter(n int) (restore func()) {
	old := suspendAfter
	suspendAfter = n
	return func() { suspendAfter = old }
}
