package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Query is one search of the load: its kind and text.
type Query struct {
	Kind string // "code", "name3" (3 to 5 characters), "name2" (2), "miss"
	Text string
}

// Queries returns n queries over a directory of the given size made by
// Directory: exact credit codes, name substrings of three to five
// characters (the trigram index), two-character terms (the bigram index),
// and names that match nothing, in equal shares.
func Queries(r *rand.Rand, n, businesses int) []Query {
	out := make([]Query, 0, n)
	for i := range n {
		switch i % 4 {
		case 0:
			out = append(out, Query{"code", CreditCode(r.IntN(businesses))})
		case 1:
			out = append(out, Query{"name3", substring(r, Name(r), 3+r.IntN(3))})
		case 2:
			out = append(out, Query{"name2", substring(r, Name(r), 2)})
		default:
			out = append(out, Query{"miss", "无此企业" + substring(r, Name(r), 2)})
		}
	}
	return out
}

func substring(r *rand.Rand, s string, n int) string {
	rs := []rune(s)
	i := r.IntN(len(rs) - n + 1)
	return string(rs[i : i+n])
}

// Options configure a load run.
type Options struct {
	URL      string // base URL of the server, e.g. http://127.0.0.1:8080
	Clients  int    // concurrent clients
	Duration time.Duration
	// Think is each client's mean pause after a response before its next
	// request (uniform over 0.5 to 1.5 times it), as of a person reading the
	// page; 0 makes a closed loop at full speed.
	Think   time.Duration
	Queries []Query
}

// Stats are the latencies of one kind of request.
type Stats struct {
	N                  int
	P50, P90, P99, Max time.Duration
	lat                []time.Duration
}

func (s *Stats) finish() {
	slices.Sort(s.lat)
	s.N = len(s.lat)
	if s.N == 0 {
		return
	}
	at := func(p float64) time.Duration { return s.lat[min(s.N-1, int(float64(s.N)*p))] }
	s.P50, s.P90, s.P99, s.Max = at(0.50), at(0.90), at(0.99), s.lat[s.N-1]
}

// Report is the outcome of a load run.
type Report struct {
	Elapsed time.Duration
	Errors  int
	// FirstError describes the first failed request.
	FirstError string
	All        Stats
	ByKind     map[string]*Stats
}

// RequestsPerSecond is the throughput of the run.
func (r *Report) RequestsPerSecond() float64 {
	return float64(r.All.N) / r.Elapsed.Seconds()
}

// Search runs opt.Clients clients against GET /search?q= for opt.Duration,
// each taking queries in turn from its own offset in opt.Queries, and
// reports every request's latency. A request fails when it errs or answers
// other than 200 OK.
func Search(ctx context.Context, opt Options) (*Report, error) {
	if opt.Clients < 1 || len(opt.Queries) == 0 || opt.Duration <= 0 {
		return nil, fmt.Errorf("bench: need clients, queries and a duration")
	}
	tr := &http.Transport{MaxIdleConns: opt.Clients, MaxIdleConnsPerHost: opt.Clients,
		IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, opt.Duration)
	defer cancel()

	type sample struct {
		kind string
		d    time.Duration
		err  error
	}
	results := make([][]sample, opt.Clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range opt.Clients {
		wg.Go(func() {
			// With a think time, clients start spread over one think time
			// and pause 0.5 to 1.5 times it, as independent users do,
			// instead of arriving in lockstep bursts.
			r := rand.New(rand.NewPCG(uint64(c), 7))
			if opt.Think > 0 && !sleep(ctx, time.Duration(r.Int64N(int64(opt.Think)))) {
				return
			}
			for i := c * 7919; ctx.Err() == nil; i++ {
				q := opt.Queries[i%len(opt.Queries)]
				t0 := time.Now()
				err := get(ctx, client, opt.URL+"/search?q="+url.QueryEscape(q.Text))
				if ctx.Err() != nil {
					return // cut short by the end of the run: not counted
				}
				results[c] = append(results[c], sample{q.Kind, time.Since(t0), err})
				if opt.Think > 0 {
					sleep(ctx, opt.Think/2+time.Duration(r.Int64N(int64(opt.Think))))
				}
			}
		})
	}
	wg.Wait()
	rep := &Report{Elapsed: time.Since(start), ByKind: map[string]*Stats{}}
	for _, rs := range results {
		for _, s := range rs {
			if s.err != nil {
				if rep.Errors == 0 {
					rep.FirstError = fmt.Sprintf("%s: %v", s.kind, s.err)
				}
				rep.Errors++
			}
			rep.All.lat = append(rep.All.lat, s.d)
			k := rep.ByKind[s.kind]
			if k == nil {
				k = &Stats{}
				rep.ByKind[s.kind] = k
			}
			k.lat = append(k.lat, s.d)
		}
	}
	rep.All.finish()
	for _, k := range rep.ByKind {
		k.finish()
	}
	return rep, nil
}

// sleep waits for d and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func get(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
