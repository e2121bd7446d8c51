package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/store"
)

// The browser tests drive the web interface in headless Chromium (Debian's
// chromium package) through chromedp. They skip when Chromium is absent,
// except under CI=true, where its absence fails them. Screenshots go to
// $DOUBLERANDOM_TEST_ARTIFACTS when set, else to the test's artifact folder.

// chromiumPath finds Chromium or skips (fails on CI).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("DOUBLERANDOM_CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI=true requires the browser tests: " +
			"apt-get install chromium")
	}
	t.Skip("browser tests skipped: chromium is not installed (apt-get install chromium)")
	return ""
}

// browser is a headless Chromium tab against a test server of the web
// interface on 127.0.0.1:0.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
	n     int
}

func newBrowser(t *testing.T, s *store.Store) *browser {
	t.Helper()
	exe := chromiumPath(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: newServer(t, s)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	shots := os.Getenv("DOUBLERANDOM_TEST_ARTIFACTS")
	if shots == "" {
		shots = t.ArtifactDir()
	} else {
		shots = filepath.Join(shots, t.Name())
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, ctx: ctx, base: "http://" + ln.Addr().String(), shots: shots}
}

// run runs chromedp actions within 30 seconds, failing the test with what
// was being done.
func (b *browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.shot("failed-" + strings.ReplaceAll(what, " ", "-"))
		b.t.Fatalf("%s: %v", what, err)
	}
}

// submit clicks a button or link that loads a new page and waits until the
// new page has loaded, so that no later step finds the old page's nodes.
func (b *browser) submit(what, sel string) {
	b.t.Helper()
	b.run(what,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`window.__stale = true`)(ctx, t)
			return err
		}),
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			// Evaluating fails while the old page goes away: try again.
			for {
				done, err := chromedp.Evaluate[bool](
					`!window.__stale && document.readyState === "complete"`)(ctx, t)
				if err == nil && done {
					return nil
				}
				select {
				case <-ctx.Done():
					return fmt.Errorf("no new page: %w (last error %v)", ctx.Err(), err)
				case <-time.After(50 * time.Millisecond):
				}
			}
		}))
}

// shot saves a full-page screenshot (PNG) as NN-name.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	b.n++
	p := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Error(err)
	}
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// eval evaluates a JavaScript expression.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// location returns the address of the page.
func (b *browser) location() string {
	b.t.Helper()
	u, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// login signs in through the login page.
func (b *browser) login(name, password string) {
	b.t.Helper()
	b.run("login as "+name,
		chromedp.Navigate(b.base+"/login"),
		chromedp.SetValue(chromedp.CSS(`input[name=name]`), name),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), password))
	b.submit("sign in as "+name, `#login button[type=submit]`)
	b.run("staff home of "+name, chromedp.WaitVisible(chromedp.CSS(`#whoami`)))
}

func (b *browser) logout() {
	b.t.Helper()
	b.submit("logout", `#logout`)
	b.run("signed out", chromedp.WaitVisible(chromedp.CSS(`#login-link`)))
}

func TestBrowser_Search(t *testing.T) {
	s := newDemoStore(t)
	b := newBrowser(t, s)
	b.run("search for a two-character term",
		chromedp.Navigate(b.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`form.search input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`form.search input[name=q]`), "潘天"),
		chromedp.Submit(chromedp.CSS(`form.search input[name=q]`)),
		chromedp.WaitVisible(chromedp.CSS(`#hits`)))
	b.shot("search")
	if got := b.text(`#hits`); !strings.Contains(got, "杭州潘天寿环境艺术设计有限公司") {
		t.Errorf("search 潘天 shows %q", got)
	}
	b.submit("open the business", `#hits a`)
	if got := b.text(`h1`); got != "杭州潘天寿环境艺术设计有限公司" {
		t.Errorf("business page heading %q", got)
	}
	b.shot("business")
	b.submit("switch to English", `#lang`)
	if got := b.text(`#lang`); got != "中文" {
		t.Errorf("after switching to English the language link reads %q, want 中文", got)
	}
	b.shot("business-en")
}

func TestBrowser_Login(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	b := newBrowser(t, s)
	b.run("open the staff area signed out",
		chromedp.Navigate(b.base+"/admin/dashboard"),
		chromedp.WaitVisible(chromedp.CSS(`#login`)))
	url := b.location()
	if !strings.Contains(url, "/login?next=%2Fadmin%2Fdashboard") {
		t.Errorf("signed-out staff page went to %s, want the login page", url)
	}
	b.run("wrong password",
		chromedp.SetValue(chromedp.CSS(`input[name=name]`), "office"),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), "not the password"))
	b.submit("sign in with the wrong password", `#login button[type=submit]`)
	b.run("refused", chromedp.WaitVisible(chromedp.CSS(`#login-error`)))
	b.shot("login-failed")
	b.run("right password",
		chromedp.SetValue(chromedp.CSS(`input[name=name]`), "office"),
		chromedp.SetValue(chromedp.CSS(`input[name=password]`), testPassword))
	b.submit("sign in", `#login button[type=submit]`)
	b.run("back at the dashboard", chromedp.WaitVisible(chromedp.CSS(`#chart-steps`)))
	url = b.location()
	if !strings.HasSuffix(url, "/admin/dashboard") {
		t.Errorf("after login at %s, want back at the dashboard", url)
	}
	b.run("staff home", chromedp.Navigate(b.base+"/admin/"),
		chromedp.WaitVisible(chromedp.CSS(`#whoami`)))
	if got := b.text(`#whoami`); !strings.Contains(got, "office") ||
		!strings.Contains(got, "联席会议办公室") {
		t.Errorf("staff home says %q", got)
	}
	b.shot("staff-home")
	b.logout()
}

// TestBrowser_TaskToPublished carries one joint task from creation to
// published results through the staff pages, as two department admins.
func TestBrowser_TaskToPublished(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	b := newBrowser(t, s)
	items, err := s.Items(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var scjgItem, gaItem int64
	for _, it := range items {
		if it.Dept == "SCJG" && scjgItem == 0 {
			scjgItem = it.ID
		}
		if it.Dept == "GA" && gaItem == 0 {
			gaItem = it.ID
		}
	}
	secret := map[string]string{"SCJG": "scjg secret 7f3a9c", "GA": "ga secret 21be04"}

	b.login("scjg-admin", testPassword)
	b.run("create the task",
		chromedp.Navigate(b.base+"/admin/tasks"),
		chromedp.WaitVisible(chromedp.CSS(`#new-task`)),
		chromedp.SetValue(chromedp.CSS(`#new-task input[name=title]`), "浏览器测试联合抽查"),
		chromedp.Click(chromedp.CSS(`input[name=participating][value=GA]`)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=item][value="%d"]`, scjgItem))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=item][value="%d"]`, gaItem))),
		chromedp.SetValue(chromedp.CSS(`#new-task input[name=ratio]`), "0.01"),
		chromedp.SetValue(chromedp.CSS(`#new-task input[name=date]`), "2026-12-20"))
	b.shot("task-form")
	b.submit("submit the task", `#create-task`)
	b.run("task page", chromedp.WaitVisible(chromedp.CSS(`#freeze`)))
	b.run("freeze with both commitments",
		chromedp.SetValue(chromedp.CSS(`input[name=commit_SCJG]`), draw.Commit(secret["SCJG"])),
		chromedp.SetValue(chromedp.CSS(`input[name=commit_GA]`), draw.Commit(secret["GA"])),
		chromedp.SetValue(chromedp.CSS(`#freeze input[name=public_source]`),
			"beacon round 4242"))
	b.submit("freeze", `#freeze button`)
	b.run("frozen", chromedp.WaitVisible(chromedp.CSS(`#reveal`)))
	b.shot("frozen")
	b.run("reveal SCJG's secret",
		chromedp.SetValue(chromedp.CSS(`#reveal input[name=secret]`), secret["SCJG"]))
	b.submit("reveal", `#reveal button`)
	b.run("revealed", chromedp.WaitVisible(chromedp.CSS(`#draw`)))
	b.logout()

	b.login("ga-admin", testPassword)
	b.run("GA reveals its secret",
		chromedp.Navigate(b.base+"/admin/tasks/2"),
		chromedp.WaitVisible(chromedp.CSS(`#reveal`)),
		chromedp.SetValue(chromedp.CSS(`#reveal input[name=secret]`), secret["GA"]))
	b.submit("GA reveal", `#reveal button`)
	if e := eval[int](b, `document.querySelectorAll("#step-error").length`); e != 0 {
		t.Errorf("GA's reveal refused: %s", b.text(`#step-error`))
	}
	if n := eval[int](b, `document.querySelectorAll("#draw").length`); n != 0 {
		t.Error("the participating department is offered the lead's draw button")
	}
	b.logout()

	b.login("scjg-admin", testPassword)
	b.run("draw",
		chromedp.Navigate(b.base+"/admin/tasks/2"),
		chromedp.WaitVisible(chromedp.CSS(`#draw`)),
		chromedp.SetValue(chromedp.CSS(`#draw input[name=public]`), "beacon round 4242: 9b1c0f"))
	b.submit("draw", `#draw button`)
	b.run("drawn", chromedp.WaitVisible(chromedp.CSS(`#enter-results`)))
	b.shot("drawn")
	// The teams publish the implementation rules, notify, inspect and get
	// the sign-offs (their own pages, tested in inspect_test.go); results
	// follow inspections (SPEC R8).
	svc := newService(s, discard)
	if err := demo.Inspect(context.Background(), svc, 2, nil); err != nil {
		t.Fatal(err)
	}
	rows := eval[int](b, `document.querySelectorAll("#enter-results tbody tr").length`)
	if rows != 5 {
		t.Errorf("%d businesses drawn, want ceil(478 × 0.01) = 5", rows)
	}
	for i := 1; i <= rows; i++ {
		row := fmt.Sprintf(`#enter-results tbody tr:nth-child(%d)`, i)
		typ := "no_problem"
		if i == 1 {
			typ = "corrected"
		}
		b.run(fmt.Sprintf("result %d", i),
			chromedp.SetValue(chromedp.CSS(row+` select[name=type]`), typ))
		b.submit(fmt.Sprintf("save result %d", i), row+` button`)
	}
	b.shot("results-entered")
	// Every team member confirms the result summary (Art. 21).
	if err := demo.ConfirmAll(context.Background(), svc, 2); err != nil {
		t.Fatal(err)
	}
	b.submit("publish", `#publish button`)
	b.run("published", chromedp.WaitVisible(chromedp.CSS(`#done`)))
	b.run("public page", chromedp.Navigate(b.base+"/tasks/2"),
		chromedp.WaitVisible(chromedp.CSS(`#drawn`)))
	if got := b.text(`#state`); got != "结果已公示" {
		t.Errorf("public task state %q, want 结果已公示", got)
	}
	if got := b.text(`#drawn`); strings.Count(got, "未发现问题") != rows-1 ||
		!strings.Contains(got, "发现问题已责令改正") {
		t.Errorf("public results:\n%s", got)
	}
	b.shot("published")
}

func TestBrowser_Dashboard(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	b := newBrowser(t, s)
	b.login("office", testPassword)
	b.run("dashboard charts",
		chromedp.Navigate(b.base+"/admin/dashboard?year=2026"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-charts]`)))
	charts := eval[string](b, `document.body.getAttribute("data-charts")`)
	svgs := eval[int](b, `document.querySelectorAll(".chart svg").length`)
	if charts != "3" || svgs < 3 {
		t.Errorf("dashboard drew %s charts, %d SVGs; want 3", charts, svgs)
	}
	b.shot("dashboard")
	b.run("English", chromedp.Navigate(b.base+"/admin/dashboard?year=2026&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-charts]`)))
	if got := b.text(`h1`); !strings.HasPrefix(got, "Supervision dashboard") {
		t.Errorf("English dashboard heading %q", got)
	}
	b.shot("dashboard-en")
}
