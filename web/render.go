package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/i18n"
	"doublerandom/workflow"
)

// parseTemplates parses each page template together with the layout, once
// per language with "t" bound to that language, so that rendering needs
// neither a clone nor a fresh escaping pass per request.
func (s *Server) parseTemplates() error {
	pages, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return err
	}
	s.tmpl = map[string]*template.Template{}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
		for _, p := range pages {
			name := strings.TrimSuffix(path.Base(p), ".html")
			if name == "layout" {
				continue
			}
			tp, err := template.New("layout.html").Funcs(funcs).
				Funcs(template.FuncMap{"t": t}).ParseFS(files, "templates/layout.html", p)
			if err != nil {
				return fmt.Errorf("template %s: %w", name, err)
			}
			s.tmpl[string(lang)+"/"+name] = tp
		}
	}
	return nil
}

// funcs are the template functions; "t" is bound per request in render.
var funcs = template.FuncMap{
	"t":    func(string, ...any) string { return "" },
	"inc":  func(i int) int { return i + 1 },
	"date": func(t time.Time) string { return formatDate(t) },
	// beijing shows an RFC 3339 time of a record in Beijing time, the time
	// staff type and read.
	"beijing": func(s string) string {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return s
		}
		return t.In(workflow.China).Format("2006-01-02 15:04") + " (UTC+8)"
	},
	"short": func(s string, n int) string {
		if len(s) <= n {
			return s
		}
		return s[:n] + "…"
	},
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(doublerandom.DateLayout)
}

// page is what every template receives.
type page struct {
	Lang      i18n.Lang
	OtherLang string
	Path      string
	LangURL   string
	// User is the signed-in account, nil for the public.
	User *doublerandom.User
	Data any
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	lang := langOf(r)
	if r.URL.Query().Get("lang") != "" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(lang), Path: "/",
			HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	}
	t, ok := s.tmpl[string(lang)+"/"+name]
	if !ok {
		s.logger.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	other := i18n.EN
	if lang == i18n.EN {
		other = i18n.ZH
	}
	q := r.URL.Query()
	q.Set("lang", string(other))
	p := page{Lang: lang, OtherLang: string(other), Path: r.URL.Path,
		LangURL: (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String(),
		User:    userFrom(r.Context()), Data: data}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.logger.Error("render", "template", name, "error", err)
		http.Error(w, i18n.T(lang, "err.internal"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
