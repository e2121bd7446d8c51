package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"doublerandom"
	"doublerandom/directory"
)

// maxUpload bounds an uploaded file. Larger directories are imported with
// the command line, which streams them.
const maxUpload = 32 << 20

// Bounds of the error reports kept for download.
const (
	reportTTL      = time.Hour
	maxReports     = 32
	maxReportBytes = 256 << 20
)

// reportCache keeps the XLSX error reports of recent uploads in memory for
// an hour, each for the account that uploaded the file, at most maxReports
// and maxReportBytes together (the oldest go first). A restart forgets
// them; the uploader can upload the file again.
type reportCache struct {
	mu      sync.Mutex
	entries []cachedReport
}

type cachedReport struct {
	token, owner, name string
	at                 time.Time
	body               []byte
}

var importReports = &reportCache{}

// put stores a report and returns its token.
func (c *reportCache) put(owner, name string, body []byte) string {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = slices.DeleteFunc(c.entries, func(e cachedReport) bool {
		return time.Since(e.at) > reportTTL
	})
	c.entries = append(c.entries, cachedReport{token: token, owner: owner, name: name,
		at: time.Now(), body: body})
	total := 0
	for _, e := range c.entries {
		total += len(e.body)
	}
	for len(c.entries) > maxReports || (total > maxReportBytes && len(c.entries) > 1) {
		total -= len(c.entries[0].body)
		c.entries = c.entries[1:]
	}
	return token
}

// get returns the report of token for owner.
func (c *reportCache) get(owner, token string) (cachedReport, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.token == token && e.owner == owner && time.Since(e.at) <= reportTTL {
			return e, true
		}
	}
	return cachedReport{}, false
}

// uploadImport imports an uploaded file (multipart form: kind, dept, file,
// mode "strict" or "skip", and for item lists effective and note) and
// shows the report, with the refused rows offered as an XLSX copy of the
// file with an error column added.
func (s *Server) uploadImport(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the upload could not be read: "+
			"choose a file of at most %d MB, or import larger files with the command line",
			maxUpload>>20)
	}
	dept := r.FormValue("dept")
	if err := mayChange(r, dept); err != nil {
		return err
	}
	opt := directory.Options{Kind: r.FormValue("kind"), Dept: dept,
		SkipInvalid: r.FormValue("mode") == "skip", Note: r.FormValue("note"),
		AcceptBadCheck: r.FormValue("accept_bad_check") == "1"}
	if e := r.FormValue("effective"); e != "" {
		d, err := time.Parse(doublerandom.DateLayout, e)
		if err != nil {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"effective date %q: write it as 2026-07-01", e)
		}
		opt.Effective = d
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "choose the file to import")
	}
	defer f.Close()
	content, err := io.ReadAll(f)
	if err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the upload was cut short: %v", err)
	}
	name := filepath.Base(hdr.Filename)
	var errs directory.Errors
	opt.OnError = errs.Add
	res, err := directory.Import(r.Context(), s.svc.Store, bytes.NewReader(content), name, opt)
	if err != nil {
		return err
	}
	data := map[string]any{"Result": res, "Dept": dept, "Kind": opt.Kind,
		"Mode": r.FormValue("mode")}
	if errs.Len() > 0 {
		var out bytes.Buffer
		if err := directory.WriteReport(&out, content, name, res.Report.HeaderRow,
			&errs); err != nil {
			s.logger.Warn("error report", "file", name, "error", err)
		} else {
			data["Report"] = importReports.put(userFrom(r.Context()).Name, name, out.Bytes())
		}
	}
	s.logger.Info("import", "kind", opt.Kind, "dept", dept, "file", name,
		"stored", res.Stored, "skipped", res.Report.Skipped, "committed", res.Committed)
	s.render(w, r, "dir_import", data)
	return nil
}

// importReport serves an error report to the account that uploaded the
// file.
func (s *Server) importReport(w http.ResponseWriter, r *http.Request) error {
	rep, ok := importReports.get(userFrom(r.Context()).Name, r.PathValue("token"))
	if !ok {
		return doublerandom.Errorf(doublerandom.ENOTFOUND, "this error report has expired; "+
			"upload the file again to get a new one")
	}
	base := rep.name[:len(rep.name)-len(filepath.Ext(rep.name))]
	w.Header().Set("Content-Type",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(base+"-错误报告.xlsx"))
	w.Write(rep.body)
	return nil
}

// exportFile serves a department's item list, object directory or
// inspector directory as CSV or XLSX (?kind=&dept=&format=&version=).
// Personal data are in full only for the department's own admin and
// leader.
func (s *Server) exportFile(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	opt := directory.ExportOptions{Kind: q.Get("kind"), Dept: q.Get("dept"),
		Format: q.Get("format")}
	if err := mayRead(r, opt.Dept); err != nil {
		return err
	}
	opt.Personal = actorOf(r).ChangesDept(opt.Dept)
	if v := q.Get("version"); v != "" {
		if _, err := fmt.Sscan(v, &opt.Version); err != nil {
			return doublerandom.Errorf(doublerandom.EINVALID, "version %q is not a number", v)
		}
	}
	var buf bytes.Buffer // an error half-way must not send half a file
	if err := directory.Export(r.Context(), s.svc.Store, &buf, opt); err != nil {
		return err
	}
	ctype := "text/csv; charset=utf-8"
	if opt.Format == directory.FormatXLSX {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition",
		attachment(fmt.Sprintf("%s-%s.%s", opt.Dept, opt.Kind, opt.Format)))
	if _, err := buf.WriteTo(w); err != nil {
		s.logger.Warn("export", "error", err)
	}
	return nil
}

// attachment is a Content-Disposition header naming a download, in UTF-8
// for names in Chinese.
func attachment(name string) string {
	return fmt.Sprintf(`attachment; filename="download%s"; filename*=UTF-8''%s`,
		filepath.Ext(name), url.PathEscape(name))
}
