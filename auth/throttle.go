package auth

import (
	"sync"
	"time"
)

// Throttle counts failed logins per key (a client address, an account name)
// in a sliding window and reports when a key has failed too often. It is
// safe for concurrent use. Counts live in memory: a restart forgets them,
// and several servers behind one address each count their own.
type Throttle struct {
	// Max is how many failures a key may have within Window before it is
	// refused.
	Max    int
	Window time.Duration
	// Now returns the current time; tests replace it.
	Now func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle returns a throttle allowing max failures per key in window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, Now: time.Now, failures: map[string][]time.Time{}}
}

// maxKeys bounds the memory a flood of distinct keys can take.
const maxKeys = 100_000

// Blocked reports whether any of keys has reached Max failures within the
// window, and how long until the oldest of them expires.
func (t *Throttle) Blocked(keys ...string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	var wait time.Duration
	for _, k := range keys {
		fs := t.prune(k, now)
		if len(fs) >= t.Max {
			if w := fs[0].Add(t.Window).Sub(now); w > wait {
				wait = w
			}
		}
	}
	return wait > 0, wait
}

// Fail records a failure for each key.
func (t *Throttle) Fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	if len(t.failures) >= maxKeys {
		for k := range t.failures {
			if len(t.prune(k, now)) == 0 {
				delete(t.failures, k)
			}
		}
	}
	for _, k := range keys {
		fs := t.prune(k, now)
		if len(fs) >= t.Max {
			continue // already blocked; keep the memory bounded
		}
		t.failures[k] = append(fs, now)
	}
}

// Reset forgets the failures of keys, after a successful login.
func (t *Throttle) Reset(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.failures, k)
	}
}

// prune drops the failures of k older than the window and returns the rest.
func (t *Throttle) prune(k string, now time.Time) []time.Time {
	fs := t.failures[k]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= t.Window {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, k)
		return nil
	}
	t.failures[k] = fs
	return fs
}
