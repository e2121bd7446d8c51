package bench

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"doublerandom/idcode"
	"doublerandom/store/storetest"
)

func TestCreditCode_Valid(t *testing.T) {
	for n := range 5000 {
		code := CreditCode(n * 7919)
		if _, err := idcode.Check(code); err != nil {
			t.Fatalf("CreditCode(%d) = %s: %v", n*7919, code, err)
		}
	}
}

func TestDirectory_Search(t *testing.T) {
	st := storetest.MustOpen(t, storetest.DSN(t, "sqlite"))
	ctx := context.Background()
	if err := Directory(ctx, st, 500, 1, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountEntities(ctx); n != 500 {
		t.Fatalf("%d businesses, want 500", n)
	}
	qs := Queries(rand.New(rand.NewPCG(1, 2)), 40, 500)
	found := map[string]int{}
	for _, q := range qs {
		es, err := st.SearchEntities(ctx, q.Text, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) > 0 {
			found[q.Kind]++
		}
	}
	// Every code exists; name terms come from generated names, which a
	// small directory may lack; misses miss.
	if found["code"] != 10 || found["name3"] == 0 || found["name2"] < 5 || found["miss"] != 0 {
		t.Errorf("queries that found something, by kind: %v", found)
	}
}

func TestSearch_CountsErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("q") == "bad" {
			http.Error(w, "no", 500)
		}
	}))
	defer srv.Close()
	rep, err := Search(context.Background(), Options{URL: srv.URL, Clients: 2,
		Duration: 200 * time.Millisecond, Queries: []Query{{"ok", "good"}, {"bad", "bad"}}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.All.N == 0 || rep.Errors == 0 || rep.ByKind["bad"].N == 0 ||
		rep.Errors != rep.ByKind["bad"].N || rep.All.P99 < rep.All.P50 {
		t.Errorf("report: %d requests, %d errors (%d bad): %+v", rep.All.N, rep.Errors,
			rep.ByKind["bad"].N, rep.All)
	}
}
