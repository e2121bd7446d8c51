// Package web serves the public portal (no login): the list of tasks, each
// task's draw with its downloadable record, drawn businesses, teams and
// published results, and a search of the business directory. Pages are
// html/template files embedded in the binary, in Chinese by default and in
// English with ?lang=en.
package web

import (
	"embed"
	"html/template"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"doublerandom"
	"doublerandom/auth"
	"doublerandom/i18n"
	"doublerandom/workflow"
)

//go:embed templates/*.html static/*
var files embed.FS

// Server is the web interface's HTTP handler.
type Server struct {
	svc    *workflow.Service
	logger *slog.Logger
	tmpl   map[string]*template.Template // by "lang/name"
	mux    *http.ServeMux
	// root is mux behind cross-origin protection and authentication.
	root http.Handler

	secureCookies bool
	throttle      *auth.Throttle
	now           func() time.Time
	hashSem       chan struct{}
	adminLinks    []adminLink
}

// New returns the web interface over the workflow service. Cross-origin
// writes are refused (net/http's CrossOriginProtection) and every request
// carries its actor (see authenticate).
func New(svc *workflow.Service, logger *slog.Logger, opts ...Option) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{svc: svc, logger: logger.With("component", "web"), mux: http.NewServeMux(),
		throttle: auth.NewThrottle(loginMaxFailures, loginWindow), now: time.Now,
		hashSem: make(chan struct{}, hashSlots)}
	for _, o := range opts {
		o(s)
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	s.root = http.NewCrossOriginProtection().Handler(s.authenticate(s.mux))
	return s, nil
}

func (s *Server) routes() {
	static := http.FileServerFS(files)
	s.mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no folder listings
			return
		}
		static.ServeHTTP(w, r)
	}))
	s.mux.HandleFunc("GET /{$}", s.handle(s.home))
	s.mux.HandleFunc("GET /search", s.handle(s.search))
	s.mux.HandleFunc("GET /tasks/{id}", s.handle(s.task))
	s.mux.HandleFunc("GET /tasks/{id}/record.json", s.handle(s.recordJSON))
	s.mux.HandleFunc("GET /tasks/{id}/candidates.txt", s.handle(s.candidatesTxt))
	s.mux.HandleFunc("GET /tasks/{id}/draws/{draw}/record.json", s.handle(s.voidRecordJSON))
	s.mux.HandleFunc("GET /entities/{code}", s.handle(s.entity))
	s.mux.HandleFunc("GET /api/v1/tasks", s.handle(s.apiTasks))
	s.mux.HandleFunc("GET /api/v1/tasks/{id}", s.handle(s.apiTask))
	s.mux.HandleFunc("GET /api/v1/search", s.handle(s.apiSearch))

	// Accounts and the staff area (SPEC R21).
	s.mux.HandleFunc("GET /login", s.handle(s.loginForm))
	s.mux.HandleFunc("POST /login", s.handle(s.login))
	s.mux.HandleFunc("POST /logout", s.handle(s.logout))
	s.mux.HandleFunc("GET /admin/{$}", s.staff()(s.adminHome))
	s.mux.HandleFunc("GET /admin/", s.staff()(s.adminNotFound))
	s.mux.HandleFunc("GET /api/v1/me", s.staff()(s.apiMe))

	// The audit log (SPEC R20).
	s.adminPage("/admin/audit", "admin.audit", s.auditLog,
		doublerandom.RoleOffice, doublerandom.RoleAuditor)
	s.mux.HandleFunc("GET /open/audit-head.json", s.handle(s.auditHeadJSON))

	// The public portal and open data (SPEC R17, R19).
	s.mux.HandleFunc("GET /items", s.handle(s.items))
	s.mux.HandleFunc("GET /plans", s.handle(s.publicPlans))
	s.mux.HandleFunc("GET /results", s.handle(s.results))
	s.mux.HandleFunc("GET /credit", s.handle(s.creditRules))
	s.mux.HandleFunc("GET /open/{$}", s.handle(s.openData))
	s.mux.HandleFunc("GET /open/results.csv", s.handle(s.resultsCSV))
	s.mux.HandleFunc("GET /open/results.json", s.handle(s.resultsJSON))

	// Staff task pages: create, freeze, reveal, draw, results, publish.
	s.adminPage("/admin/tasks", "admin.tasks", s.staffTasks, taskRoles...)
	s.mux.HandleFunc("POST /admin/tasks", s.staff(taskWriters...)(s.createTask))
	s.mux.HandleFunc("GET /admin/tasks/{id}", s.staff(taskRoles...)(s.staffTask))
	s.mux.HandleFunc("POST /admin/tasks/{id}/{step}", s.staff(taskWriters...)(s.taskStep))

	// A department's year: the ten steps, plans, inspections, follow-up,
	// deadlines and archives (SPEC R5-R9, R13-R16, R18, R23).
	s.yearRoutes()

	// The item lists and the two directories (SPEC R1-R4).
	s.directoryRoutes()

	// The office's supervision dashboard (SPEC R22).
	s.adminPage("/admin/dashboard", "admin.dashboard", s.dashboard, doublerandom.RoleOffice,
		doublerandom.RoleAuditor, doublerandom.RoleAdmin, doublerandom.RoleLeader)
}

// ServeHTTP implements http.Handler, with panic recovery and an access log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			s.logger.Error("panic", "path", r.URL.Path, "panic", v)
			http.Error(rw, "internal error", http.StatusInternalServerError)
		}
		s.logger.Debug("request", "method", r.Method, "path", r.URL.Path,
			"status", rw.status, "duration_ms", time.Since(start).Milliseconds())
	}()
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	rw.Header().Set("Referrer-Policy", "same-origin")
	if err := checkText(rw, r); err != nil {
		s.error(rw, r, err)
		return
	}
	s.root.ServeHTTP(rw, r)
}

// checkText refuses a request whose path, query or URL-encoded form holds
// text that is not valid UTF-8 or contains a NUL character: no field of the
// system may hold them, and PostgreSQL rejects them where SQLite would not,
// so they are refused here, the same way on both databases. Multipart
// uploads are checked by their own handlers.
func checkText(w http.ResponseWriter, r *http.Request) error {
	bad := func(s string) bool { return !utf8.ValidString(s) || strings.ContainsRune(s, 0) }
	invalid := doublerandom.Errorf(doublerandom.EINVALID,
		"the request holds text that is not valid UTF-8, or a NUL character")
	if bad(r.URL.Path) {
		return invalid
	}
	vals := []url.Values{r.URL.Query()}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method == http.MethodPost && ct == "application/x-www-form-urlencoded" {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			return doublerandom.Errorf(doublerandom.EINVALID, "the form could not be read")
		}
		vals = append(vals, r.PostForm)
	}
	for _, v := range vals {
		for k, list := range v {
			if bad(k) || slices.ContainsFunc(list, bad) {
				return invalid
			}
		}
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// handler is a page handler that returns its error to the one renderer.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.error(w, r, err)
		}
	}
}

// statusOf maps an error code to its HTTP status; the one place that does.
func statusOf(code string) int {
	switch code {
	case doublerandom.EINVALID:
		return http.StatusBadRequest
	case doublerandom.ENOTFOUND:
		return http.StatusNotFound
	case doublerandom.ECONFLICT:
		return http.StatusConflict
	case doublerandom.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case doublerandom.EFORBIDDEN:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// error renders err as JSON under /api/ and as a page elsewhere. Internal
// errors are logged and shown only as a generic message.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := doublerandom.ErrorCode(err)
	status := statusOf(code)
	msg := doublerandom.ErrorMessage(err)
	if status >= 500 {
		s.logger.Error("request failed", "path", r.URL.Path, "error", err)
	} else {
		s.logger.Warn("request refused", "path", r.URL.Path, "status", status, "error", err)
	}
	if isAPI(r) {
		writeJSON(w, status, map[string]string{"error": code, "message": msg})
		return
	}
	lang := langOf(r)
	if status >= 500 {
		msg = i18n.T(lang, "err.internal")
	}
	w.WriteHeader(status)
	s.render(w, r, "error", map[string]any{"Message": msg, "Status": status,
		"Kind": "err.kind." + code})
}

var errNotFound = doublerandom.Errorf(doublerandom.ENOTFOUND, "not found")

func isAPI(r *http.Request) bool {
	return len(r.URL.Path) >= 8 && r.URL.Path[:8] == "/api/v1/"
}

// langOf picks the interface language: ?lang=, then the lang cookie, then
// Chinese.
func langOf(r *http.Request) i18n.Lang {
	if l := r.URL.Query().Get("lang"); l != "" {
		return i18n.Parse(l)
	}
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.Parse(c.Value)
	}
	return i18n.ZH
}
