package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"doublerandom"
	"doublerandom/audit"
	"doublerandom/store"
)

// auditCommand checks the audit log's hash chain (SPEC R20).
type auditCommand struct{}

func init() { register(&auditCommand{}) }

// Name implements command.
func (*auditCommand) Name() string { return "audit" }

// Synopsis implements command.
func (*auditCommand) Synopsis() string {
	return "audit verify --db DB [--expect SEQ:HASH]: check the audit log's hash chain"
}

const auditUsage = `usage: doublerandom audit verify --db DB [--expect SEQ:HASH]...

verify walks the audit log's hash chain from the first entry, prints the
number of entries and the head (the newest entry's number and hash) and exits
0; it exits 1 naming the first entry that does not match. The chain alone
cannot show that the newest entries were deleted: keep the head published on
the portal (/open/audit-head.json) or printed here, and pass it back later
with --expect SEQ:HASH to prove that entry SEQ is still there unchanged.
`

// Run implements command.
func (*auditCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, auditUsage)
		return exitError{2}
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, auditUsage) }
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	var expects []string
	fs.Func("expect", "a published head SEQ:HASH that must still be in the chain",
		func(v string) error { expects = append(expects, v); return nil })
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	st, err := openStore(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()

	n, err := st.VerifyAudit(ctx)
	var br *audit.Break
	if errors.As(err, &br) {
		fmt.Fprintf(stdout, "FAILED: %d entries verified before the break\n", n)
		fmt.Fprintf(stdout, "FAILED: %s\n", br)
		return exitError{1}
	}
	if err != nil {
		return err
	}
	seq, head, err := st.AuditHead(ctx)
	if err != nil {
		return err
	}
	failed := false
	for _, x := range expects {
		if msg := checkExpected(ctx, st, x); msg != "" {
			fmt.Fprintf(stdout, "FAILED: %s\n", msg)
			failed = true
		}
	}
	if failed {
		return exitError{1}
	}
	fmt.Fprintf(stdout, "OK: %d entries, chain intact; head %d %s\n", n, seq, head)
	return nil
}

// checkExpected checks that the chain holds entry SEQ with hash HASH, and
// returns what is wrong, or "".
func checkExpected(ctx context.Context, st *store.Store, x string) string {
	s, hash, ok := strings.Cut(x, ":")
	seq, err := strconv.ParseInt(s, 10, 64)
	if !ok || err != nil || seq < 1 || len(hash) != 64 {
		return fmt.Sprintf("--expect %q: write SEQ:HASH, e.g. 120:%s", x, audit.Genesis)
	}
	e, err := st.AuditEntry(ctx, seq)
	if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND {
		return fmt.Sprintf("entry %d of a published head is missing: the newest entries were "+
			"deleted", seq)
	}
	if err != nil {
		return err.Error()
	}
	if !strings.EqualFold(e.Hash, hash) {
		return fmt.Sprintf("entry %d has hash %s, but %s was published: the log was rewritten",
			seq, e.Hash, hash)
	}
	return ""
}
