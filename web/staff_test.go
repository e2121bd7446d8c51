package web_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/auth"
	"doublerandom/store"
	"doublerandom/web"
)

// testPassword is the password of every account made by addUsers.
const testPassword = "correct horse battery"

// Accounts made by addUsers, over the demo's departments.
var testUsers = []doublerandom.User{
	{Name: "office", Role: doublerandom.RoleOffice},
	{Name: "scjg-admin", Dept: "SCJG", Role: doublerandom.RoleAdmin},
	{Name: "ga-admin", Dept: "GA", Role: doublerandom.RoleAdmin},
	{Name: "scjg-leader", Dept: "SCJG", Role: doublerandom.RoleLeader},
	{Name: "auditor", Role: doublerandom.RoleAuditor},
}

// addUsers creates testUsers with cheap hashes (the parameters travel in
// the hash, so login checks them as it would real ones).
func addUsers(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := doublerandom.WithActor(context.Background(), doublerandom.SystemActor)
	hash, err := auth.HashPassword(testPassword, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		for _, u := range testUsers {
			u.PasswordHash, u.CreatedAt = hash, time.Now()
			if err := tx.AddUser(ctx, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// client is a browser-like client of a test server: it keeps cookies and
// does not follow redirects, so that tests see them.
type client struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newClient(t *testing.T, srv *httptest.Server) *client {
	jar, _ := cookiejar.New(nil)
	c := new(http.Client)
	*c = *srv.Client() // a copy: srv.Client returns one shared client
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if tr, ok := c.Transport.(*http.Transport); ok {
		c.Transport = tr.Clone()
	}
	return &client{t: t, srv: srv, c: c}
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs in and fails the test unless it succeeds.
func (c *client) login(name string) {
	c.t.Helper()
	resp, body := c.post("/login", url.Values{"name": {name}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d %s", name, resp.StatusCode, body)
	}
}

func newServer(t *testing.T, s *store.Store, opts ...web.Option) *web.Server {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := newService(s, logger)
	h, err := web.New(svc, logger, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestStaff_LoginLogout(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)

	resp, _ := c.get("/admin/")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") !=
		"/login?next=%2Fadmin%2F" {
		t.Errorf("/admin/ signed out: %d to %q, want 303 to the login page", resp.StatusCode,
			resp.Header.Get("Location"))
	}
	resp, body := c.get("/api/v1/me")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"unauthorized"`) {
		t.Errorf("/api/v1/me signed out: %d %s, want 401 JSON", resp.StatusCode, body)
	}
	if resp, _ := c.get("/admin/no-such-page"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("unknown staff page signed out: %d, want the login redirect", resp.StatusCode)
	}

	resp, body = c.post("/login", url.Values{"name": {"scjg-admin"}, "password": {"wrong"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "账号或密码不正确") {
		t.Errorf("wrong password: %d, want 401 with a message", resp.StatusCode)
	}
	resp, _ = c.post("/login", url.Values{"name": {"scjg-admin"}, "password": {testPassword},
		"next": {"//evil.example/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" {
		t.Errorf("login: %d to %q, want 303 to /admin/ (never off-site)", resp.StatusCode,
			resp.Header.Get("Location"))
	}
	ck := sessionCookie(resp)
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over HTTP", ck)
	}

	_, body = c.get("/admin/")
	if !strings.Contains(body, "scjg-admin") || !strings.Contains(body, "部门管理员") {
		t.Errorf("staff home does not name the account and role:\n%s", body)
	}
	_, body = c.get("/api/v1/me")
	if !strings.Contains(body, `"dept": "SCJG"`) {
		t.Errorf("/api/v1/me = %s", body)
	}

	resp, _ = c.post("/logout", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("logout: %d", resp.StatusCode)
	}
	// The old token no longer works even when replayed.
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
	req.AddCookie(ck)
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("replayed session after logout: %d, want 401", resp.StatusCode)
	}

	var actions []string
	s.AuditEntries(context.Background(), func(e auditEntry) error {
		if strings.HasPrefix(e.Action, "session.") {
			actions = append(actions, e.Action+" "+e.Actor)
		}
		return nil
	})
	if got := strings.Join(actions, ", "); got !=
		"session.login scjg-admin, session.logout scjg-admin" {
		t.Errorf("audit of the session: %s", got)
	}
}

func sessionCookie(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == web.SessionCookie {
			return c
		}
	}
	return nil
}

func TestStaff_SecureCookieOverTLS(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewTLSServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)
	c.c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	resp, _ := c.post("/login", url.Values{"name": {"office"}, "password": {testPassword}})
	if ck := sessionCookie(resp); ck == nil || !ck.Secure || !ck.HttpOnly {
		t.Errorf("session cookie over TLS: %+v, want Secure and HttpOnly", ck)
	}
}

func TestStaff_Throttle(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := auth.NewThrottle(5, 15*time.Minute)
	th.Now = func() time.Time { return now }
	h := newServer(t, s, web.WithThrottle(th))
	try := func(addr, name, pw string) int {
		form := url.Values{"name": {name}, "password": {pw}}
		r := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = addr + ":40000"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code == http.StatusTooManyRequests {
			// Retry-After is a whole number of seconds (RFC 9110).
			if n, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || n <= 0 ||
				n > 15*60 {
				t.Errorf("Retry-After %q, want seconds", w.Header().Get("Retry-After"))
			}
		}
		return w.Code
	}
	// Five wrong passwords for one account from five addresses: the account
	// is throttled even with the right password, from a sixth address.
	for i := range 5 {
		if code := try("10.0.0."+string(rune('1'+i)), "ga-admin", "guess"); code != 401 {
			t.Fatalf("failure %d: %d, want 401", i+1, code)
		}
	}
	if code := try("10.0.0.9", "ga-admin", testPassword); code != http.StatusTooManyRequests {
		t.Errorf("throttled account: %d, want 429", code)
	}
	// Five failures from one address for five names: that address is
	// throttled for every account; another address is not.
	for i := range 5 {
		try("10.1.0.1", "nobody"+string(rune('a'+i)), "guess")
	}
	if code := try("10.1.0.1", "office", testPassword); code != http.StatusTooManyRequests {
		t.Errorf("throttled address: %d, want 429", code)
	}
	if code := try("10.1.0.2", "office", testPassword); code != http.StatusSeeOther {
		t.Errorf("another address: %d, want 303", code)
	}
	now = now.Add(16 * time.Minute)
	if code := try("10.0.0.9", "ga-admin", testPassword); code != http.StatusSeeOther {
		t.Errorf("after the window: %d, want 303", code)
	}
}

func TestStaff_CrossOriginRefused(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)
	form := url.Values{"name": {"office"}, "password": {testPassword}}
	req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, _ := c.do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login POST: %d, want 403", resp.StatusCode)
	}
	req, _ = http.NewRequest("POST", srv.URL+"/logout", nil)
	req.Header.Set("Origin", "https://evil.example")
	if resp, _ := c.do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin logout POST: %d, want 403", resp.StatusCode)
	}
	// A cross-site GET is a link and stays allowed.
	req, _ = http.NewRequest("GET", srv.URL+"/", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, _ := c.do(req); resp.StatusCode != http.StatusOK {
		t.Errorf("cross-site GET: %d, want 200", resp.StatusCode)
	}
}

func TestStaff_APIToken(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	tok, _ := auth.NewToken()
	now := time.Now()
	err := s.InTx(context.Background(), func(tx *store.Tx) error {
		return tx.AddAPIToken(context.Background(), auth.TokenHash(tok), "auditor", "test", now,
			now.Add(time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		auth string
		want int
	}{{"Bearer " + tok, 200}, {"bearer " + tok, 200}, {"Bearer nope", 401}, {"", 401}} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("Authorization %.12q: %d, want %d", tc.auth, resp.StatusCode, tc.want)
		}
	}
	// Public data stays readable without a token.
	if resp, err := http.Get(srv.URL + "/api/v1/tasks"); err != nil || resp.StatusCode != 200 {
		t.Errorf("public API without a token: %v %v", resp.StatusCode, err)
	}
}

// TestStaff_DepartmentIsolation: a task not yet frozen is unpublished data of
// its departments: the public and other departments do not see it; its own
// department, the office and the auditor do.
func TestStaff_DepartmentIsolation(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	svc := newService(s, discard)
	items, _ := s.Items(context.Background(), "SCJG")
	task, err := svc.CreateTask(context.Background(), doublerandom.Task{Title: "内部未公开任务",
		LeadDept: "SCJG", ItemIDs: []int64{items[0].ID}, Ratio: "0.1",
		InspectionDate: testNow.AddDate(0, 0, 10)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	path := "/tasks/" + itoa(task.ID)
	for _, tc := range []struct {
		user string
		want int
	}{{"", 404}, {"ga-admin", 404}, {"scjg-admin", 200}, {"office", 200}, {"auditor", 200}} {
		c := newClient(t, srv)
		if tc.user != "" {
			c.login(tc.user)
		}
		resp, _ := c.get(path)
		_, home := c.get("/")
		_, api := c.get("/api/v1/tasks")
		listed := strings.Contains(home, "内部未公开任务") && strings.Contains(api, "内部未公开任务")
		if resp.StatusCode != tc.want || listed != (tc.want == 200) {
			t.Errorf("%q: task page %d (want %d), listed on home and API: %v", tc.user,
				resp.StatusCode, tc.want, listed)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
