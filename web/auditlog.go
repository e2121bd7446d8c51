package web

import (
	"errors"
	"net/http"
	"strconv"

	"doublerandom"
	"doublerandom/audit"
	"doublerandom/store"
)

// auditPageSize is how many entries the audit log page shows at once.
const auditPageSize = 50

// auditLog shows the audit log to the office and the auditor, newest first,
// filtered by actor, action and subject, with a check of the whole chain on
// request (?verify=1).
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"),
		Subject: q.Get("subject"), Limit: auditPageSize + 1}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 1 {
			return doublerandom.Errorf(doublerandom.EINVALID, "before=%q is not an entry number", b)
		}
		f.ToSeq = n - 1
	}
	entries, err := s.svc.Store.AuditLog(ctx, f)
	if err != nil {
		return err
	}
	data := map[string]any{"Filter": f}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		data["Older"] = entries[auditPageSize-1].Seq
	}
	data["Entries"] = entries
	seq, head, err := s.svc.Store.AuditHead(ctx)
	if err != nil {
		return err
	}
	data["HeadSeq"], data["Head"] = seq, head
	if q.Get("verify") != "" {
		n, err := s.svc.Store.VerifyAudit(ctx)
		var br *audit.Break
		switch {
		case errors.As(err, &br):
			data["Break"] = br
		case err != nil:
			return err
		}
		data["Verified"] = n
	}
	s.render(w, r, "audit", data)
	return nil
}

// auditHeadJSON publishes the head of the audit chain. Anyone may record it;
// `doublerandom audit verify --expect SEQ:HASH` later proves that no entry up
// to it was deleted or rewritten, which the chain alone cannot show for its
// newest entries.
func (s *Server) auditHeadJSON(w http.ResponseWriter, r *http.Request) error {
	seq, head, err := s.svc.Store.AuditHead(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"seq": seq, "hash": head,
		"at": s.now().UTC().Format("2006-01-02T15:04:05Z"),
		"verify": "doublerandom audit verify --db DB --expect " + strconv.FormatInt(seq, 10) +
			":" + head})
	return nil
}
