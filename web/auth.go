package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"doublerandom"
	"doublerandom/auth"
	"doublerandom/store"
)

// Session settings.
const (
	// SessionCookie is the name of the cookie that holds a session token.
	SessionCookie = "dr_session"
	// SessionLifetime is how long a session lasts from sign-in.
	SessionLifetime = 12 * time.Hour
)

// Throttle defaults: five failed logins per address or per account within
// fifteen minutes, then HTTP 429 until the oldest failure ages out.
const (
	loginMaxFailures = 5
	loginWindow      = 15 * time.Minute
	// hashSlots bounds concurrent argon2id computations (64 MiB each).
	hashSlots = 4
)

// Option configures a Server.
type Option func(*Server)

// WithSecureCookies marks the session cookie Secure even when requests reach
// the server over plain HTTP, for a server behind a TLS-terminating proxy.
// Cookies are always Secure on requests that arrive over TLS.
func WithSecureCookies() Option { return func(s *Server) { s.secureCookies = true } }

// WithThrottle replaces the login throttle.
func WithThrottle(t *auth.Throttle) Option { return func(s *Server) { s.throttle = t } }

// WithClock replaces the clock that sessions and throttling use.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

type userKey struct{}

// userFrom returns the signed-in account of the request, or nil.
func userFrom(ctx context.Context) *doublerandom.User {
	u, _ := ctx.Value(userKey{}).(*doublerandom.User)
	return u
}

// actorOf returns the actor of the request: the signed-in account, or the
// public.
func actorOf(r *http.Request) doublerandom.Actor {
	if u := userFrom(r.Context()); u != nil {
		return u.Actor()
	}
	return doublerandom.PublicActor
}

// authenticate finds the account of a request, from an API token
// ("Authorization: Bearer TOKEN") or from the session cookie, and puts it and
// its actor (doublerandom.WithActor) into the request context, so that every
// change a handler makes is attributed. A request without either acts as the
// public. A bearer token that is unknown or expired is refused at once.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var (
			u   *doublerandom.User
			err error
		)
		if tok, ok := bearer(r); ok {
			if u, err = s.svc.Store.TokenUser(ctx, auth.TokenHash(tok), s.now()); err != nil {
				s.error(w, r, doublerandom.Errorf(doublerandom.EUNAUTHORIZED,
					"the API token is unknown, expired or revoked"))
				return
			}
		} else if c, cerr := r.Cookie(SessionCookie); cerr == nil && c.Value != "" {
			u, err = s.svc.Store.SessionUser(ctx, auth.TokenHash(c.Value), s.now())
			if err != nil && doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
				s.error(w, r, err)
				return
			}
			if err != nil {
				s.clearSessionCookie(w, r)
			}
		}
		if u == nil {
			ctx = doublerandom.WithActor(ctx, doublerandom.PublicActor)
		} else {
			ctx = doublerandom.WithActor(context.WithValue(ctx, userKey{}, u), u.Actor())
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// staff returns a guard for handlers that only signed-in staff may use:
//
//	s.mux.HandleFunc("POST /admin/tasks", s.staff(doublerandom.RoleAdmin)(s.createTask))
//
// lets through accounts whose role is one of roles (any staff role when none
// are given). Without a session, a page under /admin/ redirects to /login
// (GET) and the API answers 401; a signed-in account of another role gets
// 403. The auditor changes nothing: any request other than GET or HEAD from
// the auditor is refused whatever roles say. Department isolation (a
// department changes only its own data) is the handler's to check, with
// doublerandom.Actor's SeesDept and ChangesDept.
func (s *Server) staff(roles ...string) func(handler) http.HandlerFunc {
	return func(h handler) http.HandlerFunc {
		return s.handle(func(w http.ResponseWriter, r *http.Request) error {
			u := userFrom(r.Context())
			if u == nil {
				if !isAPI(r) && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()),
						http.StatusSeeOther)
					return nil
				}
				return doublerandom.Errorf(doublerandom.EUNAUTHORIZED,
					"sign in first: this needs a staff account")
			}
			if len(roles) > 0 && !slices.Contains(roles, u.Role) {
				return doublerandom.Errorf(doublerandom.EFORBIDDEN,
					"the role %s may not do this", u.Role)
			}
			if u.Role == doublerandom.RoleAuditor && r.Method != http.MethodGet &&
				r.Method != http.MethodHead {
				return doublerandom.Errorf(doublerandom.EFORBIDDEN,
					"the auditor reads everything and changes nothing")
			}
			return h(w, r)
		})
	}
}

// adminLink is one entry of the /admin/ home page.
type adminLink struct {
	Href  string
	Key   string // i18n key of the link text
	Roles []string
}

// adminPage registers GET path as a staff page for roles (any staff role
// when none are given) and lists it on the /admin/ home page of those
// roles, under the text of the i18n key. Features add their pages with it:
//
//	s.adminPage("/admin/audit", "admin.audit", s.auditLog, doublerandom.RoleOffice,
//		doublerandom.RoleAuditor)
func (s *Server) adminPage(path, key string, h handler, roles ...string) {
	s.mux.HandleFunc("GET "+path, s.staff(roles...)(h))
	s.adminLinks = append(s.adminLinks, adminLink{Href: path, Key: key, Roles: roles})
}

// adminHome lists what the signed-in role can do.
func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	var links []adminLink
	for _, l := range s.adminLinks {
		if len(l.Roles) == 0 || slices.Contains(l.Roles, u.Role) {
			links = append(links, l)
		}
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, "admin", map[string]any{"User": u, "Links": links, "Dept": names[u.Dept]})
	return nil
}

// loginForm shows the sign-in page.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, "login", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
	return nil
}

// login checks a name and password, throttled per client address and per
// account, and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the sign-in form could not be read")
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	pw := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	keys := []string{"addr:" + clientAddr(r), "user:" + strings.ToLower(name)}
	data := map[string]any{"Next": next, "Name": name}
	if blocked, wait := s.throttle.Blocked(keys...); blocked {
		s.logger.Warn("login throttled", "user", name, "addr", clientAddr(r))
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second).Seconds())))
		data["Error"], data["Wait"] = "login.throttled", int(wait.Minutes())+1
		w.WriteHeader(http.StatusTooManyRequests)
		s.render(w, r, "login", data)
		return nil
	}
	u, err := s.checkLogin(r, name, pw)
	if err != nil {
		return err
	}
	if u == nil {
		s.throttle.Fail(keys...)
		s.logger.Warn("login failed", "user", name, "addr", clientAddr(r))
		data["Error"] = "login.failed"
		w.WriteHeader(http.StatusUnauthorized)
		s.render(w, r, "login", data)
		return nil
	}
	s.throttle.Reset(keys[1])
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// dummyHash is checked when the account does not exist, so that the answer
// takes as long as for a wrong password and does not reveal account names.
// It is made on first use, not when every command starts.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("no such account", auth.DefaultParams)
	return h
})

// checkLogin returns the enabled account matching name and pw, or nil.
func (s *Server) checkLogin(r *http.Request, name, pw string) (*doublerandom.User, error) {
	u, err := s.svc.Store.User(r.Context(), name)
	if err != nil && doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
		return nil, err
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	select {
	case s.hashSem <- struct{}{}:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	ok := auth.CheckPassword(pw, hash)
	<-s.hashSem
	if !ok || u == nil || u.Disabled {
		return nil, nil
	}
	return u, nil
}

// startSession stores a new session for u and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *doublerandom.User) error {
	tok, err := auth.NewToken()
	if err != nil {
		return err
	}
	now := s.now()
	ctx := doublerandom.WithActor(r.Context(), u.Actor())
	err = s.svc.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, auth.TokenHash(tok), u.Name, clientAddr(r), now,
			now.Add(SessionLifetime))
	})
	if err != nil {
		return err
	}
	s.logger.Info("signed in", "user", u.Name, "role", u.Role, "addr", clientAddr(r))
	http.SetCookie(w, s.sessionCookie(r, tok, int(SessionLifetime.Seconds())))
	return nil
}

// logout ends the session and clears its cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		ctx := r.Context()
		err := s.svc.Store.InTx(ctx, func(tx *store.Tx) error {
			return tx.DeleteSession(ctx, auth.TokenHash(c.Value))
		})
		if err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// sessionCookie returns the session cookie: HttpOnly, SameSite=Lax, and
// Secure over TLS or when the server is configured behind a TLS proxy.
func (s *Server) sessionCookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secureCookies}
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, s.sessionCookie(r, "", -1))
}

// safeNext keeps a post-login redirect on this site: a path starting with
// one slash, else the staff home.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n") {
		return "/admin/"
	}
	return next
}

// clientAddr is the address a request came from, for throttling and the
// audit log. Forwarding headers are not trusted: behind a reverse proxy all
// clients share the proxy's address and therefore its throttle.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// apiMe answers who the caller is, for scripts checking their token.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	writeJSON(w, http.StatusOK, map[string]string{"name": u.Name, "dept": u.Dept, "role": u.Role,
		"inspector_id": u.InspectorID})
	return nil
}

// adminNotFound answers unknown pages under /admin/ after the sign-in check,
// so that the staff area's page names are not revealed to the public.
func (s *Server) adminNotFound(w http.ResponseWriter, r *http.Request) error {
	return errNotFound
}
