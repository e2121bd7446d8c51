package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"doublerandom"
	"doublerandom/store"
)

func init() { register(&rulesCommand{}) }

// rulesCommand keeps the membership rules of a department's object
// directory (检查对象名录库, SPEC R2): which businesses of the district
// registry it holds, by industry, type, region, licence, tag or special
// library.
type rulesCommand struct{}

// Name implements command.
func (*rulesCommand) Name() string { return "rules" }

// Synopsis implements command.
func (*rulesCommand) Synopsis() string {
	return "rules add|remove|list --db DB --dept CODE: object directory membership rules"
}

const rulesUsage = `usage: doublerandom rules add --db DB --dept CODE --kind KIND --value VALUE
       doublerandom rules remove --db DB --dept CODE --id ID
       doublerandom rules list --db DB --dept CODE

A business of the district registry belongs to a department's object
directory when it matches any of the department's rules in force; a
department without rules takes the whole registry. KIND is one of
industry (GB/T 4754 code prefix), type (主体类型 contains), region (town or
street), licence (holds a valid licence of that name), tag (supervision
tag) and library (member of that special library, 专项库). Removed rules
stay on record, so the directory reads as it stood at any moment. list
prints id, kind, value, added, removed (or -), one rule a line.

flags:
`

// Run implements command.
func (*rulesCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, rulesUsage)
		fs.PrintDefaults()
	}
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	dept := fs.String("dept", "", "department `CODE`")
	kind := fs.String("kind", "", "rule kind: "+strings.Join(doublerandom.RuleKinds, ", "))
	value := fs.String("value", "", "what the rule selects")
	id := fs.Int64("id", 0, "remove: the rule's id")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *dept == "" {
		fs.Usage()
		return exitError{2}
	}
	st, err := openStore(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = doublerandom.WithActor(ctx, cliActor())
	switch pos[0] {
	case "add":
		var n int64
		err := st.InTx(ctx, func(tx *store.Tx) (err error) {
			n, err = tx.AddDirectoryRule(ctx, *dept, *kind, *value)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "rule %d added: %s %s\n", n, *kind, *value)
		return nil
	case "remove":
		return st.InTx(ctx, func(tx *store.Tx) error {
			return tx.RemoveDirectoryRule(ctx, *dept, *id)
		})
	case "list":
		rules, err := st.DirectoryRules(ctx, *dept)
		if err != nil {
			return err
		}
		for _, r := range rules {
			removed := "-"
			if !r.RemovedAt.IsZero() {
				removed = r.RemovedAt.Format("2006-01-02T15:04:05Z")
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", r.ID, r.Kind, r.Value,
				r.AddedAt.Format("2006-01-02T15:04:05Z"), removed)
		}
		return nil
	}
	fs.Usage()
	return exitError{2}
}
